import HDL
import Testing

/// Runs emitted modules in Icarus Verilog (which propagates X, so missing resets or
/// undriven bits show up) and compares every output with a Swift model of the width
/// rules.
@Suite(.serialized) struct SimulationTests {
    static let iverilog = ExternalTool.find("iverilog")
    static let vvp = ExternalTool.find("vvp")
    static let available = iverilog != nil && vvp != nil

    /// `value` as the two's complement pattern of `width` bits, in hex like `%h`.
    static func expectedHex(_ value: Int, _ width: Int) -> String { Testbench.hex(value, width: width) }

    static func signExtend(_ value: Int, from width: Int) -> Int {
        let masked = value & ((1 << width) - 1)
        return masked >= (1 << (width - 1)) ? masked - (1 << width) : masked
    }

    @Test(.enabled(if: available, "iverilog/vvp are not installed"))
    func arithmeticMatchesTheWidthRules() throws {
        let module = try Zoo.arithmetic()
        var bench = Testbench(module)
        var random = SplitMix64(seed: 2024)
        var vectors: [(a: Int, b: Int, s: Int, t: Int, amount: Int, wide: UInt64)] = []
        for a in [0, 255, 128] {
            for s in [-128, 127, -1, 0] {
                vectors.append((a, 31, s, -4, 7, UInt64.max))
                vectors.append((a, 0, s, 3, 0, 0))
            }
        }
        for _ in 0..<300 {
            vectors.append((Int.random(in: 0...255, using: &random), Int.random(in: 0...31, using: &random),
                            Int.random(in: -128...127, using: &random), Int.random(in: -4...3, using: &random),
                            Int.random(in: 0...7, using: &random), random.next()))
        }
        for vector in vectors {
            bench.set("a", vector.a)
            bench.set("b", vector.b)
            bench.set("s", vector.s)
            bench.set("t", vector.t)
            bench.set("amount", vector.amount)
            bench.set("wide", words: [vector.wide, 0])
            bench.sample()
        }
        let directory = try ScratchDirectory("arith")
        defer { directory.remove() }
        let samples = try bench.runWithIcarus(in: directory, iverilog: try #require(Self.iverilog), vvp: try #require(Self.vvp))
        try #require(samples.count == vectors.count)
        let widths = Dictionary(uniqueKeysWithValues: module.ports.map { ($0.name, $0.width) })
        var mismatches: [String] = []
        var checkedNames: Set<String> = ["wide_const"]
        for (vector, sample) in zip(vectors, samples) {
            let (a, b, s, t, amount) = (vector.a, vector.b, vector.s, vector.t, vector.amount)
            func flag(_ condition: Bool) -> Int { condition ? 1 : 0 }
            let parity = (0..<8).reduce(0) { $0 ^ ((s >> $1) & 1) }
            let carry = vector.wide > UInt64.max - 0x1234 ? 1 : 0
            let expected: [String: Int] = [
                "sum_u": a + b, "sum_s": s + t, "diff_u": a - b, "diff_s": s - t,
                "prod_u": a * b, "prod_s": s * t,
                "wrap_add": a + 1, "wrap_sub": s - t, "wrap_mul": a * b, "neg": -s,
                "cmp_u": flag(a == 3) << 5 | flag(a != b) << 4 | flag(a < b) << 3 | flag(a <= b) << 2 | flag(a > b) << 1 | flag(a >= b),
                "cmp_s": flag(s == -3) << 5 | flag(s != t) << 4 | flag(s < t) << 3 | flag(s <= t) << 2 | flag(s > t) << 1 | flag(s >= t),
                "bitwise": (a & 15) | (~a ^ b),
                "logical": flag((a & 1 == 1 && (b >> 1) & 1 == 1) || s >= 0),
                "reduce": flag(a == 255) << 2 | flag(b != 0) << 1 | parity,
                "shl_const": s << 3, "shr_const_s": s >> 2, "shr_const_u": a >> 5,
                "shl_dyn": a << amount, "shr_dyn_s": s >> amount,
                "slice": a >> 2, "product_top": (s * t) >> 6, "single_bit": flag(s < 0),
                "concat": a << 7 | b << 2 | (s & 3), "replicate": b << 10 | b << 5 | b,
                "extend_s": t, "extend_u": b, "truncate_s": s, "resize": s * t,
                "cast": Self.signExtend(a, from: 8) + s,
                "choice": a >= 128 ? s : t,
                "prioritized": a == 0 ? b : (a < 10 ? (b + 1) & 31 : 31),
                "decode": amount == 0 ? -1 : amount == 1 ? t : amount == 5 ? s : 0,
                "wide_out": carry << 8 | 0xff,
                "picked": [a, b, s & 255, 7][amount & 3],
                "carry_add": s + (a & 1),
                "preadd": (s << 18) + t,
            ]
            checkedNames.formUnion(expected.keys)
            for (name, value) in expected.sorted(by: { $0.key < $1.key }) {
                let want = Self.expectedHex(value, widths[name] ?? 0)
                if sample[name] != want {
                    mismatches.append("\(name) for a=\(a) b=\(b) s=\(s) t=\(t) amount=\(amount): got \(sample[name] ?? "nothing"), expected \(want)")
                }
            }
            if sample["wide_const"] != "3ffffffffffffffffe" { mismatches.append("wide_const: \(sample["wide_const"] ?? "nothing")") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(5).joined(separator: "\n"))")
        // Every output of the zoo is checked.
        #expect(checkedNames == Set(module.ports.filter { $0.direction == .output }.map(\.name)))
    }

    @Test(.enabled(if: available, "iverilog/vvp are not installed"))
    func registersFollowResetEnableAndPipelineRules() throws {
        let module = try Zoo.registers()
        var bench = Testbench(module, clock: "ap_clk")
        var random = SplitMix64(seed: 7)
        struct State { var count = 0, high = 0, pipeline = 0, accumulator = 0 }
        var state = State()
        var expected: [[String: String]] = []
        for cycle in 0..<200 {
            let resetN = cycle < 2 || Int.random(in: 0..<40, using: &random) == 0 ? 0 : 1
            let rst = cycle < 1 || Int.random(in: 0..<30, using: &random) == 0 ? 1 : 0
            let ce = Int.random(in: 0..<3, using: &random) == 0 ? 0 : 1
            let data = Int.random(in: -2048...2047, using: &random)
            bench.set("ap_rst_n", resetN)
            bench.set("rst", rst)
            bench.set("ce", ce)
            bench.set("data", data)
            bench.tick()
            bench.sample()
            var next = state
            next.count = resetN == 0 ? 0 : (ce == 1 ? (state.count + 1) & 15 : state.count)
            next.accumulator = resetN == 0 ? 0 : (ce == 1 ? Self.signExtend(state.accumulator + state.pipeline, from: 16) : state.accumulator)
            next.high = rst == 1 ? -5 : data
            next.pipeline = state.high
            state = next
            expected.append(["count_out": Self.expectedHex(state.count, 4), "acc_out": Self.expectedHex(state.accumulator, 16),
                             "wrapped": state.count == 15 ? "1" : "0"])
        }
        let directory = try ScratchDirectory("regs")
        defer { directory.remove() }
        let samples = try bench.runWithIcarus(in: directory, iverilog: try #require(Self.iverilog), vvp: try #require(Self.vvp))
        try #require(samples.count == expected.count)
        for (cycle, (sample, want)) in zip(samples, expected).enumerated() {
            #expect(sample == want, "cycle \(cycle)")
            if sample != want { break }
        }
    }

    @Test(.enabled(if: available, "iverilog/vvp are not installed"))
    func memoriesReadWhatWasWrittenOneCycleLater() throws {
        let module = try Zoo.memories()
        var bench = Testbench(module, clock: "clk")
        var random = SplitMix64(seed: 99)
        var ram: [Int: UInt64] = [:]
        let rom = (0..<16).map { $0 < 12 ? $0 * 11 - 60 : 0 }
        var readData: UInt64?
        var expected: [(rdata: UInt64?, rom: Int)] = []
        for cycle in 0..<300 {
            let write = cycle < 40 || Bool.random(using: &random)
            let writeAddress = Int.random(in: 0..<64, using: &random)
            let word = random.next()
            let read = cycle >= 40 && Bool.random(using: &random)
            let readAddress = ram.keys.sorted().randomElement(using: &random) ?? 0
            let romAddress = Int.random(in: 0..<16, using: &random)
            bench.set("we", write ? 1 : 0)
            bench.set("waddr", writeAddress)
            bench.set("wdata", words: [word])
            bench.set("re", read ? 1 : 0)
            bench.set("raddr", readAddress)
            bench.set("rom_addr", romAddress)
            bench.tick()
            bench.sample()
            // Read-first: the read port sees the word from before this edge's write.
            if read { readData = ram[readAddress] }
            if write { ram[writeAddress] = word }
            expected.append((readData, rom[romAddress]))
        }
        let directory = try ScratchDirectory("mem")
        defer { directory.remove() }
        let samples = try bench.runWithIcarus(in: directory, iverilog: try #require(Self.iverilog), vvp: try #require(Self.vvp))
        try #require(samples.count == expected.count)
        var checkedReads = 0
        for (cycle, (sample, want)) in zip(samples, expected).enumerated() {
            #expect(sample["rom_data"] == Self.expectedHex(want.rom, 8), "cycle \(cycle)")
            if let word = want.rdata {
                let text = String(word, radix: 16)
                #expect(sample["rdata"] == String(repeating: "0", count: 16 - text.count) + text, "cycle \(cycle)")
                checkedReads += 1
            }
        }
        #expect(checkedReads > 200)
    }

    @Test(.enabled(if: available, "iverilog/vvp are not installed"))
    func hierarchyConnectsInstancesByName() throws {
        let module = try Zoo.hierarchy()
        var bench = Testbench(module, clock: "ap_clk")
        var random = SplitMix64(seed: 5)
        var expected: [[String: String]] = []
        for _ in 0..<100 {
            let x0 = Int.random(in: 0...255, using: &random)
            let x1 = Int.random(in: 0...255, using: &random)
            let y = Int.random(in: 0...65535, using: &random)
            bench.set("x0", x0)
            bench.set("x1", x1)
            bench.set("y", y)
            bench.tick()
            bench.sample()
            let low = (x0 + x1) & 255
            let total = y + (low << 8 | low)
            expected.append(["total_out": Self.expectedHex(total, 17), "interrupt": x0 + x1 > 255 ? "1" : "0"])
        }
        let directory = try ScratchDirectory("hier")
        defer { directory.remove() }
        let samples = try bench.runWithIcarus(in: directory, iverilog: try #require(Self.iverilog), vvp: try #require(Self.vvp))
        #expect(samples == expected)
    }
}

extension SimulationTests {
    @Test(.enabled(if: available, "iverilog/vvp are not installed"))
    func dotProductAccumulatesAndQueuesResults() throws {
        let lanes = 5
        let module = try Zoo.dotProduct(lanes: lanes)
        var bench = Testbench(module, clock: "ap_clk")
        var random = SplitMix64(seed: 11)
        var accumulator = 0
        var fifo = [Int](repeating: 0, count: 16)
        var (writePointer, readPointer, head) = (0, 0, 0)
        var expected: [[String: String]] = []
        for cycle in 0..<400 {
            let resetN = cycle < 2 ? 0 : 1
            let valid = Int.random(in: 0..<4, using: &random) == 0 ? 0 : 1
            let clear = Int.random(in: 0..<10, using: &random) == 0 ? 1 : 0
            let pop = cycle > 2 && Int.random(in: 0..<12, using: &random) == 0 ? 1 : 0
            let xs = (0..<lanes).map { _ in Int.random(in: -128...127, using: &random) }
            let ws = (0..<lanes).map { _ in Int.random(in: -2...1, using: &random) }
            for (name, value) in [("ap_rst_n", resetN), ("valid", valid), ("clear", clear), ("pop", pop)] {
                bench.set(name, value)
            }
            for lane in 0..<lanes {
                bench.set("x\(lane)", xs[lane])
                bench.set("w\(lane)", ws[lane])
            }
            bench.tick()
            bench.sample()
            let dot = zip(xs, ws).map { $0 * $1 }.reduce(0, +)
            // All registers see the values from before the edge.
            let (oldAccumulator, oldWrite, oldRead) = (accumulator, writePointer, readPointer)
            if resetN == 0 {
                (accumulator, writePointer, readPointer) = (0, 0, 0)
            } else {
                if clear == 1 { accumulator = 0 } else if valid == 1 { accumulator = Self.signExtend(oldAccumulator + dot, from: 24) }
                if clear == 1 { writePointer = (oldWrite + 1) & 15 }
                if pop == 1 { readPointer = (oldRead + 1) & 15 }
            }
            if pop == 1 { head = fifo[oldRead] }
            if clear == 1 { fifo[oldWrite] = oldAccumulator }
            var want = ["sum": Self.expectedHex(accumulator, 24), "empty": writePointer == readPointer ? "1" : "0"]
            // The FIFO word is defined once something was popped after being pushed.
            if cycle > 40 { want["head"] = Self.expectedHex(head, 24) }
            expected.append(want)
        }
        let directory = try ScratchDirectory("dot")
        defer { directory.remove() }
        let samples = try bench.runWithIcarus(in: directory, iverilog: try #require(Self.iverilog), vvp: try #require(Self.vvp))
        try #require(samples.count == expected.count)
        for (cycle, (sample, want)) in zip(samples, expected).enumerated() {
            let compared = sample.filter { want[$0.key] != nil }
            #expect(compared == want, "cycle \(cycle)")
            if compared != want { break }
        }
    }
}
