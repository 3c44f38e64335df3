import HDL

/// An HBM write port: takes a command (start address, number of beats, bytes of the last
/// beat), collects the beats from a ready/valid stream, writes them with AXI4 INCR bursts
/// (never crossing 4 KB, up to `maxOutstanding` bursts awaiting their B response) and
/// pulses `done` once every B response of the command is back, so a kernel can raise
/// `ap_done` only when its results are in memory.
///
/// AW never runs ahead of the data: a burst's address is issued only once all its beats
/// are buffered, and W beats go out only for bursts whose address has been issued (AXI4
/// lets them handshake before AW; the engine makes them valid in the same cycle as AW at
/// the earliest). So a burst, once begun, crosses the W channel back to back and never
/// holds a shared interconnect's W path while the producer is slow, and a slave that
/// waits for W before accepting AW (or the reverse) cannot deadlock against it. The
/// buffer holds two full bursts, so one fills while the other drains and the port moves
/// one beat per cycle. `bready` is always high.
///
/// Ports: `clk`, `ce`, `rst_n`; `cmd_valid`, `cmd_ready`, `cmd_address` (64, beat aligned),
/// `cmd_beats` (32), `cmd_last_bytes` (log2 of the beat bytes: the bytes of the final beat
/// that are written, 0 for all of them); `in_valid`, `in_ready`, `in_data`;
/// `m_axi_<name>_*` (no IDs); `done`. One command at a time: `cmd_ready` is high when no
/// command is active, and already in the cycle of `done`. A command of 0 beats is done in
/// the cycle after it is taken.
public struct AXIWriteEngine: Sendable, Hashable {
    public let name: String
    public let bus: AXI4Configuration
    public let maxBurstBeats: Int
    public let maxOutstanding: Int

    public static let beatCountWidth = 32

    public init(name: String, dataWidth: Int, maxBurstBeats: Int = 16, maxOutstanding: Int = 8) throws {
        let bus = AXI4Configuration(dataWidth: dataWidth)
        if let problem = bus.problem { throw AccelConfigurationError(problem) }
        let beatsPerBoundary = AXI4Configuration.boundaryBytes / bus.bytesPerBeat
        let longest = min(AXI4Configuration.maxBurstBeats, beatsPerBoundary)
        guard maxBurstBeats >= 1, maxBurstBeats <= longest else {
            throw AccelConfigurationError("burst length \(maxBurstBeats) must be 1...\(longest) beats for a \(dataWidth)-bit port")
        }
        guard maxOutstanding >= 1, maxOutstanding <= 64 else {
            throw AccelConfigurationError("outstanding bursts \(maxOutstanding) must be 1...64")
        }
        self.name = name
        self.bus = bus
        self.maxBurstBeats = maxBurstBeats
        self.maxOutstanding = maxOutstanding
    }

    /// Beats the buffer holds: two full bursts (rounded up to a power of two).
    public var fifoDepth: Int { max(2, 1 << (2 * maxBurstBeats - 1).bitWidthNeeded) }

    /// Bits of `cmd_last_bytes`: counts the bytes of a partial beat, 1 to bytes per beat − 1.
    public var lastBytesWidth: Int { bus.sizeCode }

    /// One AXI4 burst of a command.
    public struct Burst: Sendable, Hashable, CustomStringConvertible {
        public var address: UInt64
        public var beats: Int
        public var description: String { "\(beats) beats at 0x\(String(address, radix: 16))" }
    }

    /// The bursts the engine issues for a command, in order: each as long as the rest of
    /// the command, the burst limit and the next 4 KB boundary allow.
    public func bursts(address: UInt64, beats: Int) -> [Burst] {
        var result: [Burst] = []
        var next = address, left = beats
        let bytes = UInt64(bus.bytesPerBeat), page = UInt64(AXI4Configuration.boundaryBytes)
        while left > 0 {
            let toBoundary = Int((page - next % page) / bytes)
            let length = min(left, maxBurstBeats, toBoundary)
            result.append(Burst(address: next, beats: length))
            next &+= UInt64(length) * bytes
            left -= length
        }
        return result
    }

    public func module() throws -> Module {
        let bus = self.bus, depth = fifoDepth, maxBurst = maxBurstBeats, outstandingLimit = maxOutstanding
        let lastBytesWidth = self.lastBytesWidth
        return try Module("AXIWriteEngine", parameters: ["w": bus.dataWidth, "burst": maxBurst, "out": outstandingLimit, "port": name]) { m in
            let (_, ce, _) = m.clockEnableAndReset()
            let cmdValid = m.input("cmd_valid")
            let cmdAddress = m.input("cmd_address", .unsigned(bus.addressWidth))
            let cmdBeats = m.input("cmd_beats", .unsigned(Self.beatCountWidth))
            let cmdLastBytes = m.input("cmd_last_bytes", .unsigned(lastBytesWidth))
            let inValid = m.input("in_valid")
            let inData = m.input("in_data", .unsigned(bus.dataWidth))
            let axi = m.axi4WriteMaster(name, bus)

            let countWidth = MemoryAddressing.width(depth + 1)
            let burstCountWidth = MemoryAddressing.width(outstandingLimit + 1)
            let pageBits = AXI4Configuration.boundaryBytes.trailingZeroBitCount
            let beatShift = bus.sizeCode
            let splitter = BurstSplitter(maxBurstBeats: maxBurst, pageBeatWidth: pageBits - beatShift)

            // Command state. Data, addresses and writes each count the command's beats down.
            let active = m.register("active", .bit, resetValue: 0, enable: ce)
            let toAccept = m.register("to_accept", .unsigned(Self.beatCountWidth), resetValue: 0, enable: ce)
            let toRequest = m.register("to_request", .unsigned(Self.beatCountWidth), resetValue: 0, enable: ce)
            let toWrite = m.register("to_write", .unsigned(Self.beatCountWidth), resetValue: 0, enable: ce)
            let nextAddress = m.register("next_address", .unsigned(bus.addressWidth), resetValue: 0, enable: ce)
            let lastStrobe = m.register("last_strobe", .unsigned(bus.bytesPerBeat), resetValue: 0, enable: ce)
            // Bursts whose AW has been issued and whose B is not back (the engine's own limit).
            let outstanding = m.register("outstanding", .unsigned(burstCountWidth), resetValue: 0, enable: ce)
            // Every B of the command is back: nothing left to request, nothing in flight.
            let done = m.wire("done_w", active && toRequest == 0 && outstanding == 0)
            let cmdReady = m.wire("cmd_ready_w", !active || done)
            let accept = m.wire("accept", cmdValid && cmdReady)
            active.assign(mux(accept, Signal.constant(1, .bit), mux(done, Signal.constant(0, .bit), active)))
            let fullStrobe = Signal.ones(.unsigned(bus.bytesPerBeat))
            lastStrobe.assign(mux(accept, mux(cmdLastBytes == 0, fullStrobe, ~fullStrobe.shiftedLeft(by: cmdLastBytes)), lastStrobe))

            // Data in: the buffer takes the command's beats while it has room.
            let occupancy = m.register("occupancy", .unsigned(countWidth), resetValue: 0, enable: ce)
            let inReady = m.wire("in_ready_w", toAccept != 0 && occupancy < depth)
            let push = m.wire("push", inValid && inReady)
            let buffer = FallThroughFIFO(m, "buffer", depth: depth, .unsigned(bus.dataWidth), push: push, data: inData, enable: ce)
            toAccept.assign(priorityMux([(accept, cmdBeats), (push, toAccept &- 1)], default: toAccept))

            // AW: a burst is issued once all its beats are buffered (`unassigned` counts the
            // buffered beats no issued burst covers yet); a new AW may load in the cycle the
            // previous one is taken.
            let unassigned = m.register("unassigned", .unsigned(countWidth), resetValue: 0, enable: ce)
            let awValid = m.register("aw_valid", .bit, resetValue: 0, enable: ce)
            let awAddress = m.register("aw_address", .unsigned(bus.addressWidth), resetValue: 0, enable: ce)
            let awLength = m.register("aw_length", .unsigned(AXI4Configuration.lengthWidth), resetValue: 0, enable: ce)
            let awBurst = splitter.nextBurst(m, "aw", pageBeat: nextAddress[beatShift..<pageBits], remaining: toRequest)
            let awHandshake = m.wire("aw_handshake", awValid && axi.awready)
            let issue = m.wire("issue", (!awValid || awHandshake) && toRequest != 0 && outstanding < outstandingLimit && unassigned >= awBurst)
            awValid.assign(mux(issue, Signal.constant(1, .bit), mux(awHandshake, Signal.constant(0, .bit), awValid)))
            awAddress.assign(mux(issue, nextAddress, awAddress))
            awLength.assign(mux(issue, (awBurst &- 1).resized(to: AXI4Configuration.lengthWidth), awLength))
            let burstBytes = (awBurst.extended(to: bus.addressWidth) << beatShift).truncated(to: bus.addressWidth)
            nextAddress.assign(priorityMux([(accept, cmdAddress), (issue, nextAddress &+ burstBytes)], default: nextAddress))
            toRequest.assign(priorityMux([(accept, cmdBeats), (issue, toRequest &- awBurst.extended(to: Self.beatCountWidth))],
                                         default: toRequest))
            let pushed = push.extended(to: countWidth)
            unassigned.assign(mux(issue, (unassigned + pushed - awBurst.extended(to: countWidth)).resized(to: countWidth),
                                  (unassigned + pushed).resized(to: countWidth)))

            // W: beats of issued bursts only (`released` counts bursts issued whose last W
            // beat has not gone). The W side splits the command with the same rule as AW,
            // from its own copy of the position within the 4 KB page.
            let released = m.register("released", .unsigned(burstCountWidth), resetValue: 0, enable: ce)
            let writePageBeat = m.register("write_page_beat", .unsigned(pageBits - beatShift), resetValue: 0, enable: ce)
            let burstLeft = m.register("burst_left", .unsigned(splitter.lengthWidth), resetValue: 0, enable: ce)
            let wBurst = splitter.nextBurst(m, "w", pageBeat: writePageBeat, remaining: toWrite)
            let wValid = m.wire("w_valid", buffer.headValid && released != 0)
            let wLast = m.wire("w_last", mux(burstLeft == 0, wBurst == 1, burstLeft == 1))
            let wHandshake = m.wire("w_handshake", wValid && axi.wready)
            buffer.pop.assign(wHandshake)
            burstLeft.assign(mux(wHandshake, mux(burstLeft == 0, wBurst &- 1, burstLeft &- 1), burstLeft))
            writePageBeat.assign(priorityMux([(accept, cmdAddress[beatShift..<pageBits]), (wHandshake, writePageBeat &+ 1)],
                                             default: writePageBeat))
            toWrite.assign(priorityMux([(accept, cmdBeats), (wHandshake, toWrite &- 1)], default: toWrite))
            let burstWritten = m.wire("burst_written", wHandshake && wLast)
            released.assign(priorityMux([(issue && !burstWritten, released &+ 1), (!issue && burstWritten, released &- 1)],
                                        default: released))
            occupancy.assign((occupancy + pushed - wHandshake.extended(to: countWidth)).resized(to: countWidth))

            // B: always ready; each response retires one outstanding burst.
            let bHandshake = m.wire("b_handshake", axi.bvalid)
            outstanding.assign(priorityMux([(issue && !bHandshake, outstanding &+ 1), (!issue && bHandshake, outstanding &- 1)],
                                           default: outstanding))

            m.output("cmd_ready", cmdReady)
            m.output("in_ready", inReady)
            m.output("done", done)
            axi.awvalid.assign(awValid)
            axi.awaddr.assign(awAddress)
            axi.awlen.assign(awLength)
            axi.awsize.assign(Signal.constant(bus.sizeCode, .unsigned(AXI4Configuration.sizeWidth)))
            axi.awburst.assign(Signal.constant(AXI4Configuration.incrementingBurst, .unsigned(AXI4Configuration.burstWidth)))
            axi.wvalid.assign(wValid)
            axi.wdata.assign(buffer.head)
            axi.wstrb.assign(mux(toWrite == 1, lastStrobe, fullStrobe))
            axi.wlast.assign(wLast)
            axi.bready.assign(Signal.constant(1, .bit))
        }
    }
}

/// The burst rule in hardware: the next burst is as long as the rest of the command, the
/// burst limit and the beats up to the next 4 KB boundary allow.
struct BurstSplitter {
    let maxBurstBeats: Int
    /// Bits of a beat's index within a 4 KB page.
    let pageBeatWidth: Int

    /// Bits that hold a burst length, 1...maxBurstBeats.
    var lengthWidth: Int { MemoryAddressing.width(maxBurstBeats + 1) }

    /// The length of the burst starting at beat `pageBeat` of its page with `remaining` beats to go.
    func nextBurst(_ m: ModuleBuilder, _ prefix: String, pageBeat: Signal, remaining: Signal) -> Signal {
        let toBoundary = m.wire("\(prefix)_beats_to_boundary",
            Signal.constant(1 << pageBeatWidth, .unsigned(pageBeatWidth + 1)) &- pageBeat.extended(to: pageBeatWidth + 1))
        let limit = Signal.constant(maxBurstBeats, .unsigned(lengthWidth))
        let capped = m.wire("\(prefix)_boundary_limited", mux(toBoundary < maxBurstBeats, toBoundary.resized(to: lengthWidth), limit))
        return m.wire("\(prefix)_burst_beats", mux(remaining < capped, remaining.resized(to: lengthWidth), capped))
    }
}
