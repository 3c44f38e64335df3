import HDL

/// An HBM read port: takes a command (start address, number of beats), reads it with AXI4
/// INCR bursts (never crossing 4 KB, up to `maxOutstanding` bursts in flight), and
/// delivers the beats in order as a ready/valid stream with `out_last` on the command's
/// final beat.
///
/// Flow control is by credit: a burst is requested only when the engine's FIFO has room
/// for it and every beat still owed, so `rready` is always high and the slave is never
/// throttled by the engine; `out_ready` low backs up into the FIFO and from there stops
/// new requests. With latency hidden by the outstanding bursts the port moves one beat per
/// cycle.
///
/// Ports: `clk`, `ce`, `rst_n`; `cmd_valid`, `cmd_ready`, `cmd_address` (64),
/// `cmd_beats` (32); `m_axi_<name>_*`; `out_valid`, `out_ready`, `out_data`, `out_last`.
/// One command at a time: `cmd_ready` is high when the previous one has been delivered.
///
/// A `paced` engine (module `AXIPacedReadEngine`) lets its user order the bursts of
/// several engines sharing one port: `hold` keeps it from starting a burst; it says when
/// it would start one this cycle if not held (`wants_burst`), `issues_burst` that it does,
/// of `issue_beats` beats; `beats_ahead` counts the beats requested and not yet taken.
public struct AXIReadEngine: Sendable, Hashable {
    public let name: String
    public let bus: AXI4Configuration
    public let maxBurstBeats: Int
    public let maxOutstanding: Int
    public let paced: Bool

    public static let beatCountWidth = 32

    public init(name: String, dataWidth: Int, maxBurstBeats: Int = 16, maxOutstanding: Int = 4, paced: Bool = false) throws {
        let bus = AXI4Configuration(dataWidth: dataWidth)
        if let problem = bus.problem { throw AccelConfigurationError(problem) }
        let beatsPerBoundary = AXI4Configuration.boundaryBytes / bus.bytesPerBeat
        guard maxBurstBeats >= 1, maxBurstBeats <= min(AXI4Configuration.maxBurstBeats, beatsPerBoundary) else {
            throw AccelConfigurationError("burst length \(maxBurstBeats) must be 1...\(min(AXI4Configuration.maxBurstBeats, beatsPerBoundary)) beats for a \(dataWidth)-bit port")
        }
        guard maxOutstanding >= 1, maxOutstanding <= 64 else {
            throw AccelConfigurationError("outstanding bursts \(maxOutstanding) must be 1...64")
        }
        let depth = maxBurstBeats * maxOutstanding
        guard depth & (depth - 1) == 0 else {
            throw AccelConfigurationError("burst length × outstanding bursts (\(depth)) must be a power of two: it is the FIFO depth")
        }
        self.name = name
        self.bus = bus
        self.maxBurstBeats = maxBurstBeats
        self.maxOutstanding = maxOutstanding
        self.paced = paced
    }

    /// Beats the FIFO holds: enough for every outstanding burst.
    public var fifoDepth: Int { maxBurstBeats * maxOutstanding }

    public func module() throws -> Module {
        let bus = self.bus, depth = fifoDepth, maxBurst = maxBurstBeats, outstandingLimit = maxOutstanding, paced = self.paced
        return try Module(paced ? "AXIPacedReadEngine" : "AXIReadEngine", parameters: ["w": bus.dataWidth, "burst": maxBurst, "out": outstandingLimit, "port": name]) { m in
            let (_, ce, _) = m.clockEnableAndReset()
            let cmdValid = m.input("cmd_valid")
            let cmdAddress = m.input("cmd_address", .unsigned(bus.addressWidth))
            let cmdBeats = m.input("cmd_beats", .unsigned(Self.beatCountWidth))
            let axi = m.axi4ReadMaster(name, bus)
            let outReady = m.input("out_ready")
            let hold = paced ? m.input("hold") : Signal.constant(0, .bit)

            let pointerWidth = MemoryAddressing.width(depth)
            let creditWidth = MemoryAddressing.width(depth + 1)
            let lengthWidth = MemoryAddressing.width(maxBurst + 1)

            // Command state: beats still to request and still to deliver.
            let toRequest = m.register("to_request", .unsigned(Self.beatCountWidth), resetValue: 0, enable: ce)
            let toDeliver = m.register("to_deliver", .unsigned(Self.beatCountWidth), resetValue: 0, enable: ce)
            let nextAddress = m.register("next_address", .unsigned(bus.addressWidth), enable: ce)
            let cmdReady = m.wire("cmd_ready_w", toDeliver == 0)
            let accept = m.wire("accept", cmdValid && cmdReady)

            // The next burst: the rest of the command, the burst limit, or up to 4 KB.
            let offsetBits = AXI4Configuration.boundaryBytes.trailingZeroBitCount
            let beatShift = bus.sizeCode
            let beatsToBoundary = m.wire("beats_to_boundary",
                (Signal.constant(AXI4Configuration.boundaryBytes / bus.bytesPerBeat, .unsigned(offsetBits - beatShift + 1))
                 &- nextAddress[beatShift..<offsetBits].extended(to: offsetBits - beatShift + 1)))
            let limit = Signal.constant(maxBurst, .unsigned(lengthWidth))
            let boundaryLimited = m.wire("boundary_limited",
                mux(beatsToBoundary.extended(to: max(lengthWidth, beatsToBoundary.width)) < limit.extended(to: max(lengthWidth, beatsToBoundary.width)),
                    beatsToBoundary.resized(to: lengthWidth), limit))
            let burstBeats = m.wire("burst_beats",
                mux(toRequest < boundaryLimited.extended(to: Self.beatCountWidth), toRequest.truncated(to: lengthWidth), boundaryLimited))

            // Credits: FIFO slots not yet promised to a requested beat.
            let arValid = m.register("ar_valid", .bit, resetValue: 0, enable: ce)
            let arAddress = m.register("ar_address", .unsigned(bus.addressWidth), enable: ce)
            let arLength = m.register("ar_length", .unsigned(AXI4Configuration.lengthWidth), enable: ce)
            let promised = m.register("promised", .unsigned(creditWidth), resetValue: 0, enable: ce)
            let outstanding = m.register("outstanding", .unsigned(MemoryAddressing.width(outstandingLimit + 1)), resetValue: 0, enable: ce)
            let fits = m.wire("fits", (promised + burstBeats.extended(to: creditWidth)) <= depth)
            // Wanting a burst outlasts the previous one's AR handshake, so a paced user sees
            // a steady demand.
            let wants = m.wire("wants", toRequest != 0 && outstanding < outstandingLimit && fits)
            let issue = m.wire("issue", wants && !arValid && !hold)
            if paced {
                m.output("wants_burst", wants)
                m.output("issues_burst", issue)
                m.output("issue_beats", burstBeats)
            }
            let arHandshake = m.wire("ar_handshake", arValid && axi.arready)
            arValid.assign(mux(issue, Signal.constant(1, .bit), mux(arHandshake, Signal.constant(0, .bit), arValid)))
            arAddress.assign(mux(issue, nextAddress, arAddress))
            arLength.assign(mux(issue, (burstBeats &- 1).resized(to: AXI4Configuration.lengthWidth), arLength))
            let requestedBytes = (burstBeats.extended(to: bus.addressWidth) << beatShift).truncated(to: bus.addressWidth)
            nextAddress.assign(priorityMux([(accept, cmdAddress), (issue, nextAddress &+ requestedBytes)], default: nextAddress))
            toRequest.assign(priorityMux([(accept, cmdBeats), (issue, toRequest &- burstBeats.extended(to: Self.beatCountWidth))],
                                         default: toRequest))

            // Data: every beat goes into the FIFO (credits guarantee room).
            let rHandshake = m.wire("r_handshake", axi.rvalid)
            let burstDone = m.wire("burst_done", rHandshake && axi.rlast)
            outstanding.assign(priorityMux([
                (issue && !burstDone, outstanding &+ 1), (!issue && burstDone, outstanding &- 1),
            ], default: outstanding))
            let fifo = m.memory("fifo", depth: depth, .unsigned(bus.dataWidth))
            let writePointer = m.register("write_pointer", .unsigned(pointerWidth), resetValue: 0, enable: ce)
            fifo.write(address: writePointer, data: axi.rdata, enable: ce && rHandshake)
            writePointer.assign(mux(rHandshake, writePointer &+ 1, writePointer))

            // First-word fall-through: a two-entry output buffer in front of the FIFO's
            // registered read, so a beat can leave every cycle.
            let readPointer = m.register("read_pointer", .unsigned(pointerWidth), resetValue: 0, enable: ce)
            let stored = m.wire("stored", writePointer &- readPointer)
            let headValid = m.register("head_valid", .bit, resetValue: 0, enable: ce)
            let head = m.register("head", .unsigned(bus.dataWidth), enable: ce)
            let spareValid = m.register("spare_valid", .bit, resetValue: 0, enable: ce)
            let spare = m.register("spare", .unsigned(bus.dataWidth), enable: ce)
            let fetched = m.register("fetched", .bit, resetValue: 0, enable: ce)
            let pop = m.wire("pop", headValid && outReady)
            let held = headValid.extended(to: 2) + spareValid.extended(to: 2) + fetched.extended(to: 2)
            // Fetch only if the word can land: after this cycle's pop at most one entry is held.
            let fetch = m.wire("fetch", stored != 0 && mux(pop, held < 3, held < 2))
            let word = fifo.read(address: readPointer, enable: ce && fetch, name: "fifo_word")
            fetched.assign(fetch)
            readPointer.assign(mux(fetch, readPointer &+ 1, readPointer))
            // After the pop, (a, b) are the entries left; the fetched word fills the first free one.
            let firstLeft = m.wire("first_left_valid", mux(pop, spareValid, headValid))
            let firstData = mux(pop, spare, head)
            let secondLeft = m.wire("second_left_valid", !pop && spareValid)
            head.assign(mux(!firstLeft && fetched, word, firstData))
            headValid.assign(firstLeft || fetched)
            spare.assign(mux(firstLeft && fetched, word, spare))
            spareValid.assign(secondLeft || (firstLeft && fetched))

            promised.assign(priorityMux([
                (issue && pop, (promised + burstBeats.extended(to: creditWidth) - 1).resized(to: creditWidth)),
                (issue, (promised + burstBeats.extended(to: creditWidth)).resized(to: creditWidth)),
                (pop, promised &- 1),
            ], default: promised))
            toDeliver.assign(priorityMux([(accept, cmdBeats), (pop, toDeliver &- 1)], default: toDeliver))
            if paced { m.output("beats_ahead", promised) }

            m.output("cmd_ready", cmdReady)
            axi.arvalid.assign(arValid)
            axi.araddr.assign(arAddress)
            axi.arlen.assign(arLength)
            axi.arsize.assign(Signal.constant(bus.sizeCode, .unsigned(AXI4Configuration.sizeWidth)))
            axi.arburst.assign(Signal.constant(AXI4Configuration.incrementingBurst, .unsigned(AXI4Configuration.burstWidth)))
            axi.rready.assign(Signal.constant(1, .bit))
            m.output("out_valid", headValid)
            m.output("out_data", head)
            m.output("out_last", headValid && toDeliver == 1)
        }
    }
}

/// Address and counter widths for FIFOs and credit counters.
enum MemoryAddressing {
    /// Bits that count to `count - 1` (at least 1).
    static func width(_ count: Int) -> Int { max(1, (count - 1).bitWidthNeeded) }
}

extension Int {
    /// Bits that hold this non-negative value.
    var bitWidthNeeded: Int { self <= 0 ? 1 : Int.bitWidth - leadingZeroBitCount }
}
