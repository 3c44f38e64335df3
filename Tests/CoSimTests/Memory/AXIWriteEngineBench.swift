// A test bench around AXIWriteEngine: queues commands from the valid protocol, feeds each
// command's data from a generator with random gaps, and reports every `done` with what the
// AXI port saw during the command, so Swift can check the written image and the timing.
import Accel
import CoSim
import HDL

/// One command of the bench: where to write, how many beats, the bytes of the last beat
/// (0 = all), the data pattern's seed and the data stream's gap probability (in 1/256).
struct WriteCommand {
    var address: UInt64
    var beats: Int
    var lastBytes = 0
    var seed: UInt32 = 0
    var gap = 0

    var vector: [String: PortValue] {
        ["cmd_address": PortValue(unsigned: address), "cmd_beats": PortValue(beats), "cmd_last_bytes": PortValue(lastBytes),
         "cmd_seed": PortValue(Int(seed)), "cmd_gap": PortValue(gap)]
    }
}

struct AXIWriteEngineBench {
    let engine: AXIWriteEngine
    /// Commands one run may queue.
    static let queueDepth = 256
    /// The pattern's multiplier: 32-bit word w of beat k is (seed + k · words + w) · this.
    static let multiplier: UInt32 = 0x9E37_79B1
    static let gapWidth = 8

    var wordsPerBeat: Int { engine.bus.dataWidth / 32 }

    /// The bytes the engine writes for `command`, beat by beat: every byte of the pattern,
    /// the last beat cut to `lastBytes` when that is not 0.
    func data(of command: WriteCommand) -> [UInt8] {
        var bytes: [UInt8] = []
        let beatBytes = engine.bus.bytesPerBeat
        bytes.reserveCapacity(command.beats * beatBytes)
        for beat in 0..<command.beats {
            for word in 0..<wordsPerBeat {
                let value = (command.seed &+ UInt32(truncatingIfNeeded: beat * wordsPerBeat + word)) &* Self.multiplier
                for byte in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(8 * byte))) }
            }
        }
        if command.beats > 0 && command.lastBytes != 0 { bytes.removeLast(beatBytes - command.lastBytes) }
        return bytes
    }

    /// `image` (based at `base`) after the commands, applied in order.
    func written(_ commands: [WriteCommand], over image: [UInt8], base: UInt64) -> [UInt8] {
        var result = image
        for command in commands {
            let offset = Int(command.address - base)
            let bytes = data(of: command)
            result.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        }
        return result
    }

    /// The record of command i's `done`: bursts, AW handshakes and W beats seen during the
    /// command; enabled cycles from its last B response (or, without bursts, from its
    /// acceptance) to `done` beyond the one that must pass (0: done came at once); W beats
    /// sent before their burst's AW was presented; cycles without wvalid inside a burst.
    func expectedRecords(_ commands: [WriteCommand]) -> [[String: PortValue]] {
        commands.enumerated().map { index, command in
            let bursts = engine.bursts(address: command.address, beats: command.beats).count
            return ["out_index": PortValue(index), "out_responses": PortValue(bursts), "out_addresses": PortValue(bursts),
                    "out_beats": PortValue(command.beats), "out_wait": 0, "out_w_ahead": 0, "out_w_bubbles": 0]
        }
    }

    func module() throws -> Module {
        let engineModule = try engine.module()
        let bus = engine.bus, words = wordsPerBeat, lastBytesWidth = engine.lastBytesWidth
        let queueDepth = Self.queueDepth, gapWidth = Self.gapWidth
        return try Module("AXIWriteEngineBench", parameters: ["w": bus.dataWidth, "burst": engine.maxBurstBeats, "out": engine.maxOutstanding]) { m in
            let clk = m.input("clk")
            let ce = m.input("ce")
            let resetN = m.input("rst_n")
            m.clockDomain = ClockDomain(clock: clk, reset: .activeLow(resetN))
            let inValid = m.input("in_valid")
            let fields = [m.input("cmd_address", .unsigned(64)), m.input("cmd_beats", .unsigned(32)),
                          m.input("cmd_last_bytes", .unsigned(lastBytesWidth)), m.input("cmd_seed", .unsigned(32)),
                          m.input("cmd_gap", .unsigned(gapWidth))]
            let engineUnit = m.instance(engineModule, name: "engine", inputs: ["clk": clk, "ce": ce, "rst_n": resetN])
            let port = m.forwardAXI4WriteMaster("o", bus, from: engineUnit, childPort: engine.name)

            // Command queue: vectors are written in order; the head is offered to the engine.
            let entryWidth = fields.reduce(0) { $0 + $1.width }
            let queue = m.memory("commands", depth: queueDepth, .unsigned(entryWidth))
            let pointerWidth = queueDepth.trailingZeroBitCount
            let tail = m.register("tail", .unsigned(pointerWidth), resetValue: 0, enable: ce)
            queue.write(address: tail, data: Signal.concat(fields.reversed()), enable: ce && inValid)
            tail.assign(mux(inValid, tail &+ 1, tail))
            let head = m.register("head", .unsigned(pointerWidth), resetValue: 0, enable: ce)
            let offered = m.register("offered", .bit, resetValue: 0, enable: ce)
            let fetched = m.register("fetched", .bit, resetValue: 0, enable: ce)
            let accepted = m.wire("accepted", offered && engineUnit["cmd_ready"])
            let fetch = m.wire("fetch", head != tail && !fetched && (!offered || accepted))
            let entry = queue.read(address: head, enable: ce && fetch, name: "entry")
            head.assign(mux(fetch, head &+ 1, head))
            fetched.assign(fetch)
            offered.assign(mux(fetched, Signal.constant(1, .bit), mux(accepted, Signal.constant(0, .bit), offered)))
            var low = 0
            let slices = fields.map { field -> Signal in
                defer { low += field.width }
                return entry[low..<(low + field.width)]
            }
            engineUnit.connect("cmd_valid", to: offered)
            engineUnit.connect("cmd_address", to: slices[0])
            engineUnit.connect("cmd_beats", to: slices[1])
            engineUnit.connect("cmd_last_bytes", to: slices[2])

            // Data: beat k of the accepted command, offered with random gaps and held until taken.
            let random = m.register("random", .unsigned(32), resetValue: 0x2545_F491, enable: ce)
            let r1 = random ^ (random << 13).truncated(to: 32)
            let r2 = r1 ^ (r1 >> 17).extended(to: 32)
            random.assign(r2 ^ (r2 << 5).truncated(to: 32))
            let left = m.register("data_left", .unsigned(32), resetValue: 0, enable: ce)
            let index = m.register("data_index", .unsigned(32), resetValue: 0, enable: ce)
            let seed = m.register("data_seed", .unsigned(32), resetValue: 0, enable: ce)
            let gap = m.register("data_gap", .unsigned(gapWidth), resetValue: 0, enable: ce)
            let dataValid = m.register("data_valid", .bit, resetValue: 0, enable: ce)
            let taken = m.wire("data_taken", dataValid && engineUnit["in_ready"])
            let leftAfter = m.wire("data_left_after", mux(taken, left &- 1, left))
            let offer = leftAfter != 0 && random[0..<gapWidth] >= gap
            dataValid.assign(mux(accepted, Signal.constant(0, .bit), mux(!dataValid || taken, offer, dataValid)))
            left.assign(mux(accepted, slices[1], leftAfter))
            index.assign(mux(accepted, Signal.zeros(.unsigned(32)), mux(taken, index &+ 1, index)))
            seed.assign(mux(accepted, slices[3], seed))
            gap.assign(mux(accepted, slices[4], gap))
            let first = (seed &+ (index << (words.trailingZeroBitCount)).truncated(to: 32))
            let beatWords = (0..<words).map { word in
                (first &+ word) &* Signal.constant(Int(Self.multiplier), .unsigned(32))
            }
            engineUnit.connect("in_valid", to: dataValid)
            engineUnit.connect("in_data", to: Signal.concat(beatWords.reversed()))

            // Monitor: what the AXI port saw since the command was accepted.
            let done = engineUnit["done"]
            let aw = engineUnit["m_axi_\(engine.name)_awvalid"] && port.awready
            let w = engineUnit["m_axi_\(engine.name)_wvalid"] && port.wready
            let b = port.bvalid && engineUnit["m_axi_\(engine.name)_bready"]
            func counter(_ name: String, _ event: Signal) -> Signal {
                let count = m.register(name, .unsigned(32), resetValue: 0, enable: ce)
                count.assign(mux(done, Signal.zeros(.unsigned(32)), mux(event, count &+ 1, count)))
                return count
            }
            let responses = counter("responses", b)
            let addresses = counter("addresses", aw)
            let beats = counter("beats", w)
            // W beats only for bursts whose AW is presented or taken: a beat beyond them is "ahead".
            let awLength = engineUnit["m_axi_\(engine.name)_awlen"].extended(to: 32) &+ 1
            let covered = m.register("covered", .unsigned(32), resetValue: 0, enable: ce)
            covered.assign(mux(done, Signal.zeros(.unsigned(32)), mux(aw, covered &+ awLength, covered)))
            let presented = mux(engineUnit["m_axi_\(engine.name)_awvalid"], awLength, Signal.zeros(.unsigned(32)))
            let ahead = counter("w_ahead", w && beats >= (covered &+ presented))
            // A burst, once begun, is offered back to back: no cycle without wvalid inside it.
            let wLast = engineUnit["m_axi_\(engine.name)_wlast"]
            let inBurst = m.register("in_burst", .bit, resetValue: 0, enable: ce)
            inBurst.assign(mux(w, !wLast, inBurst))
            let bubbles = counter("w_bubbles", inBurst && !engineUnit["m_axi_\(engine.name)_wvalid"])
            let wait = m.register("done_wait", .unsigned(8), resetValue: 0, enable: ce)
            wait.assign(mux(b || accepted, Signal.zeros(.unsigned(8)), mux(wait == 255, wait, wait &+ 1)))
            let completed = m.register("completed", .unsigned(32), resetValue: 0, enable: ce)
            completed.assign(mux(done, completed &+ 1, completed))
            m.output("out_valid", done)
            m.output("out_index", completed)
            m.output("out_responses", responses)
            m.output("out_addresses", addresses)
            m.output("out_beats", beats)
            m.output("out_wait", wait)
            m.output("out_w_ahead", ahead)
            m.output("out_w_bubbles", bubbles)
        }
    }
}

extension CoSimModel {
    /// The bench's Verilator model, its write port on the memory model.
    static func writeEngineBench(_ bench: AXIWriteEngineBench) throws -> CoSimModel {
        var design = try DesignUnderTest(module: try bench.module(), reset: .activeLow("rst_n"))
        design.axiPorts = [AXIMasterPort("m_axi_o", access: .write, dataWidth: bench.engine.bus.dataWidth)]
        return try CoSimModel.build(design, protocol: .valid(inValid: "in_valid", outValid: "out_valid"))
    }
}
