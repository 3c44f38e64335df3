// A test bench around AXIReadMux: N AXIReadEngines share one AXI read port through the
// multiplexer; one vector starts every engine on its own region, and a consumer takes
// their beats in a fixed interleaving (source i takes up to share_i beats per turn), so the
// output stream is deterministic whatever order the memory answers in. Every record also
// says whether the arbiter has yet passed over a waiting source more often than round
// robin allows.
import Accel
import CoSim
import HDL

/// One source's stream: where it reads, how many beats, how many beats it takes per turn.
struct MuxStream {
    var address: UInt64
    var beats: Int
    var share = 1
}

struct AXIReadMuxBench {
    let reader: AXIReadEngine
    let multiplexer: AXIReadMux
    static let shareWidth = 5

    init(sources: Int, dataWidth: Int = 512) throws {
        reader = try AXIReadEngine(name: "src", dataWidth: dataWidth, maxBurstBeats: 16, maxOutstanding: 8)
        multiplexer = try AXIReadMux(name: "hbm", sources: sources, dataWidth: dataWidth)
    }

    var sources: Int { multiplexer.sources }
    var port: AXIMasterPort { AXIMasterPort("m_axi_hbm", access: .read, dataWidth: multiplexer.bus.dataWidth, idWidth: multiplexer.bus.idWidth) }

    func vector(_ streams: [MuxStream]) -> [String: PortValue] {
        var vector: [String: PortValue] = [:]
        for (i, stream) in streams.enumerated() {
            vector["cmd_address_\(i)"] = PortValue(unsigned: stream.address)
            vector["cmd_beats_\(i)"] = PortValue(stream.beats)
            vector["cmd_share_\(i)"] = PortValue(stream.share)
        }
        return vector
    }

    /// The consumer's order: turns go round the sources that still have beats, starting at
    /// the first one; a turn takes `share` beats or the source's rest.
    func expected(_ streams: [MuxStream], image: [UInt8], base: UInt64) -> [[String: PortValue]] {
        let beatBytes = multiplexer.bus.bytesPerBeat
        var left = streams.map(\.beats), next = [Int](repeating: 0, count: streams.count)
        var records: [[String: PortValue]] = []
        guard var turn = left.firstIndex(where: { $0 > 0 }) else { return [] }
        var taken = 0
        while left.contains(where: { $0 > 0 }) {
            let offset = Int(streams[turn].address - base) + next[turn] * beatBytes
            records.append(["out_source": PortValue(turn), "out_unfair": 0, "out_data": beatValue(image, offset: offset, count: beatBytes)])
            left[turn] -= 1
            next[turn] += 1
            taken += 1
            if taken == streams[turn].share || left[turn] == 0 {
                taken = 0
                turn = (1...streams.count).map { (turn + $0) % streams.count }.first { left[$0] > 0 } ?? turn
            }
        }
        return records
    }

    func module() throws -> Module {
        let readerModule = try reader.module(), multiplexerModule = try multiplexer.module()
        let count = sources, bus = multiplexer.bus, sourceWidth = max(1, bus.idWidth), shareWidth = Self.shareWidth
        return try Module("AXIReadMuxBench", parameters: ["n": count, "w": bus.dataWidth]) { m in
            let clk = m.input("clk")
            let ce = m.input("ce")
            let resetN = m.input("rst_n")
            m.clockDomain = ClockDomain(clock: clk, reset: .activeLow(resetN))
            let start = m.input("in_valid")
            let common = ["clk": clk, "ce": ce, "rst_n": resetN]
            let shared = m.instance(multiplexerModule, name: "mux", inputs: common)
            m.forwardAXI4ReadMaster("hbm", bus, from: shared)
            var engines: [Instance] = [], beats: [Signal] = [], shares: [Signal] = []
            for i in 0..<count {
                beats.append(m.input("cmd_beats_\(i)", .unsigned(AXIReadEngine.beatCountWidth)))
                shares.append(m.input("cmd_share_\(i)", .unsigned(shareWidth)))
                let engine = m.instance(readerModule, name: "source\(i)", inputs: common.merging([
                    "cmd_valid": start, "cmd_address": m.input("cmd_address_\(i)", .unsigned(64)), "cmd_beats": beats[i],
                ]) { $1 })
                AXIReadMux.connect(engine, port: reader.name, to: shared, slot: i)
                engines.append(engine)
            }

            // Consumer: the source whose turn it is is ready; the turn passes on after its
            // share or its last beat, to the next source with beats left.
            let turn = m.register("turn", .unsigned(sourceWidth), resetValue: 0, enable: ce)
            let taken = m.register("taken", .unsigned(shareWidth), resetValue: 0, enable: ce)
            let share = (0..<count).map { m.register("share_\($0)", .unsigned(shareWidth), resetValue: 0, enable: ce) }
            let left = (0..<count).map { m.register("left_\($0)", .unsigned(AXIReadEngine.beatCountWidth), resetValue: 0, enable: ce) }
            let pops = (0..<count).map { i in m.wire("pop_\(i)", turn == i && engines[i]["out_valid"]) }
            for i in 0..<count {
                engines[i].connect("out_ready", to: turn == i)
                share[i].assign(mux(start, shares[i], share[i]))
                left[i].assign(mux(start, beats[i], mux(pops[i], left[i] &- 1, left[i])))
            }
            let pop = m.wire("pop", pops.dropFirst().reduce(pops[0]) { $0 || $1 })
            let leftAfter = (0..<count).map { i in m.wire("left_after_\(i)", mux(pops[i], left[i] &- 1, left[i])) }
            let source = { (i: Int) in Signal.constant(i, .unsigned(sourceWidth)) }
            func firstWithBeats(from order: [Int], among remaining: [Signal], default fallback: Signal) -> Signal {
                priorityMux(order.map { (remaining[$0] != 0, source($0)) }, default: fallback)
            }
            let nextTurn = m.wire("next_turn", Signal.pick((0..<count).map { t in
                firstWithBeats(from: (1...count).map { (t + $0) % count }, among: leftAfter, default: source(t))
            }, at: turn, default: source(0)))
            let turnShare = Signal.pick(share, at: turn, default: share[0])
            let turnLeft = Signal.pick(leftAfter, at: turn, default: leftAfter[0])
            let turnEnds = m.wire("turn_ends", pop && ((taken &+ 1) == turnShare || turnLeft == 0))
            turn.assign(priorityMux([(start, firstWithBeats(from: Array(0..<count), among: beats, default: source(0))),
                                     (turnEnds, nextTurn)], default: turn))
            taken.assign(priorityMux([(start || turnEnds, Signal.zeros(.unsigned(shareWidth))), (pop, taken &+ 1)], default: taken))

            // Fairness: a source kept waiting through `count` grants to others would break
            // round robin, which grants a waiting source within count - 1 others.
            let grants = (0..<count).map { shared["s\($0)_arready"] }
            var unfair = Signal.constant(0, .bit)
            for i in 0..<count {
                let waiting = engines[i]["m_axi_\(reader.name)_arvalid"] && !grants[i]
                let othersGranted = grants.enumerated().filter { $0.offset != i }.map(\.element).reduce(Signal.constant(0, .bit)) { $0 || $1 }
                let passedOver = m.register("passed_over_\(i)", .unsigned(3), resetValue: 0, enable: ce)
                passedOver.assign(mux(!waiting, Signal.zeros(.unsigned(3)), mux(othersGranted && passedOver != 7, passedOver &+ 1, passedOver)))
                unfair = unfair || passedOver >= count
            }
            let unfairSeen = m.register("unfair_seen", .bit, resetValue: 0, enable: ce)
            unfairSeen.assign(unfairSeen || unfair)

            m.output("out_unfair", unfairSeen)
            m.output("out_valid", pop)
            m.output("out_source", turn)
            m.output("out_data", Signal.pick(engines.map { $0["out_data"] }, at: turn, default: engines[0]["out_data"]))
        }
    }
}

extension CoSimModel {
    /// The bench's Verilator model, its shared read port on the memory model.
    static func readMuxBench(_ bench: AXIReadMuxBench) throws -> CoSimModel {
        var design = try DesignUnderTest(module: try bench.module(), reset: .activeLow("rst_n"))
        design.axiPorts = [bench.port]
        return try CoSimModel.build(design, protocol: .valid(inValid: "in_valid", outValid: "out_valid"))
    }
}
