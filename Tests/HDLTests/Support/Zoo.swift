import HDL

/// A representative set of modules exercising every construct of the kit, shared by
/// the lint, synthesis and simulation tests.
enum Zoo {
    /// Every operator, on signed and unsigned values.
    static func arithmetic() throws -> Module {
        try Module("ArithmeticZoo") { m in
            let a = m.input("a", .unsigned(8))
            let b = m.input("b", .unsigned(5))
            let s = m.input("s", .signed(8))
            let t = m.input("t", .signed(3))
            let amount = m.input("amount", .unsigned(3))
            let wide = m.input("wide", .unsigned(100))

            m.output("sum_u", a + b)
            m.output("sum_s", s + t)
            m.output("diff_u", a - b)
            m.output("diff_s", s - t)
            m.output("prod_u", a * b)
            m.output("prod_s", s * t)
            m.output("wrap_add", a &+ 1)
            m.output("wrap_sub", s &- t)
            m.output("wrap_mul", a &* b)
            m.output("neg", -s)
            m.output("cmp_u", Signal.concat(a == 3, a != b, a < b, a <= b, a > b, a >= b))
            m.output("cmp_s", Signal.concat(s == -3, s != t, s < t, s <= t, s > t, s >= t))
            m.output("bitwise", (a & 0x0f) | (~a ^ b.extended(to: 8)))
            m.output("logical", (a[0] && b[1]) || !s.msb)
            m.output("reduce", Signal.concat(a.andReduce(), b.orReduce(), s.xorReduce()))
            m.output("shl_const", s << 3)
            m.output("shr_const_s", s >> 2)
            m.output("shr_const_u", a >> 5)
            m.output("shl_dyn", a.shiftedLeft(by: amount))
            m.output("shr_dyn_s", s.shiftedRight(by: amount))
            m.output("slice", a[2...5])
            m.output("product_top", (s * t)[6...10])
            m.output("single_bit", s[7])
            m.output("concat", Signal.concat(a, b, s[0..<2]))
            m.output("replicate", b.replicated(3))
            m.output("extend_s", t.extended(to: 12))
            m.output("extend_u", b.extended(to: 12))
            m.output("truncate_s", s.truncated(to: 4))
            m.output("resize", (s * t).resized(to: 16))
            m.output("cast", a.asSigned() + s)
            m.output("choice", mux(a[7], s, t))
            m.output("prioritized", priorityMux([(a == 0, b), (a < 10, b &+ 1)], default: Signal.constant(31, .unsigned(5))))
            m.output("decode", amount.match([(0, Signal.constant(-1, .signed(6))), (1, t), (5, s.truncated(to: 6))],
                                            default: Signal.constant(0, .signed(6))))
            m.output("picked", Signal.pick([a, b.extended(to: 8), s.asUnsigned(), Signal.constant(7, .unsigned(8))], at: amount[0..<2]))
            m.output("carry_add", s + a[0].zeroExtendedToSigned())
            m.output("preadd", (s << 18) + t)
            let wideSum = m.wire("wide_sum", wide &+ Signal.constant(0x1234, .unsigned(100)))
            m.output("wide_out", Signal.concat(wideSum[64...99], Signal.ones(.unsigned(8))))
            m.output("wide_const", Signal.constant(-2, .signed(70)))
        }
    }

    /// Counters and pipelines: reset polarities, enables, the default clock domain.
    static func registers() throws -> Module {
        try Module("RegisterZoo") { m in
            let clk = m.input("ap_clk")
            let resetN = m.input("ap_rst_n")
            let rst = m.input("rst")
            let ce = m.input("ce")
            let data = m.input("data", .signed(12))
            m.clockDomain = ClockDomain(clock: clk, reset: .activeLow(resetN))

            let count = m.register("count", .unsigned(4), resetValue: 0, enable: ce)
            count.assign(count &+ 1)
            let high = m.register("high", .signed(12), reset: .activeHigh(rst), resetValue: -5)
            high.assign(data)
            let pipeline = m.register("pipeline", .signed(12))
            pipeline.assign(high)
            let accumulator = m.register("accumulator", .signed(16), clock: clk, resetValue: 0, enable: ce)
            accumulator.assign((accumulator + pipeline).truncated(to: 16))
            m.output("count_out", count)
            m.output("acc_out", accumulator)
            m.output("wrapped", count == 15)
        }
    }

    /// A block RAM (1024 x 64, write and read enables) and a small ROM.
    static func memories() throws -> Module {
        try Module("MemoryZoo") { m in
            let clk = m.input("clk")
            m.clockDomain = ClockDomain(clock: clk)
            let writeEnable = m.input("we")
            let writeAddress = m.input("waddr", .unsigned(10))
            let writeData = m.input("wdata", .unsigned(64))
            let readEnable = m.input("re")
            let readAddress = m.input("raddr", .unsigned(10))
            let romAddress = m.input("rom_addr", .unsigned(4))

            let ram = m.memory("ram", depth: 1024, .unsigned(64))
            ram.write(address: writeAddress, data: writeData, enable: writeEnable)
            m.output("rdata", ram.read(address: readAddress, enable: readEnable))

            let rom = m.memory("rom", depth: 16, .signed(8), initialContent: (0..<12).map { $0 * 11 - 60 })
            m.output("rom_data", rom.read(address: romAddress, name: "rom_word"))
        }
    }

    /// A parameterised child module generator.
    static func adder(width: Int) throws -> Module {
        try Module("Adder", parameters: ["w": width]) { m in
            let a = m.input("a", .unsigned(width))
            let b = m.input("b", .unsigned(width))
            m.output("sum", a + b)
            m.output("carry", (a + b)[width])
        }
    }

    /// Hierarchy: the same child twice, another parameterisation once, loops over
    /// lanes, an unused instance output and the Vitis `interrupt` port.
    static func hierarchy() throws -> Module {
        let narrow = try adder(width: 8)
        let narrowAgain = try adder(width: 8)
        let wide = try adder(width: 16)
        return try Module("HierarchyZoo") { m in
            let clk = m.input("ap_clk")
            let x = (0..<2).map { m.input("x\($0)", .unsigned(8)) }
            let y = m.input("y", .unsigned(16))
            let lanes = (0..<2).map { lane in
                m.instance(lane == 0 ? narrow : narrowAgain, name: "lane\(lane)", inputs: ["a": x[lane], "b": x[1 - lane]])
            }
            let big = m.instance(wide, name: "big", inputs: ["a": y])
            big.connect("b", to: Signal.concat(lanes[0]["sum"].truncated(to: 8), lanes[1]["sum"].truncated(to: 8)))
            let total = m.register("total", .unsigned(17), clock: clk)
            total.assign(big["sum"])
            m.output("total_out", total)
            m.output("interrupt", lanes[0]["carry"])
        }
    }

    static func all() throws -> [Module] {
        [try arithmetic(), try registers(), try memories(), try hierarchy(), try edges()]
    }
}

extension Zoo {
    /// Corner cases that tend to upset lint: unused inputs, a memory with two write and
    /// two read ports, one-bit signed values, shifts by wide amounts, a register nobody
    /// reads, constant drivers.
    static func edges() throws -> Module {
        try Module("EdgeZoo") { m in
            let clk = m.input("clk")
            _ = m.input("spare", .unsigned(3))
            m.clockDomain = ClockDomain(clock: clk)
            let flag = m.input("flag", .signed(1))
            let value = m.input("value", .unsigned(8))
            let amount = m.input("amount", .unsigned(8))
            let addressA = m.input("addr_a", .unsigned(3))
            let addressB = m.input("addr_b", .unsigned(3))

            let bank = m.memory("bank", depth: 8, .signed(16))
            bank.write(address: addressA, data: flag)
            bank.write(address: addressB, data: value.asSigned(), enable: value[0])
            let first = bank.read(address: addressA)
            let second = bank.read(address: addressB, enable: flag.asUnsigned())
            m.output("both", first &+ second)

            m.output("flag_wide", flag.extended(to: 9))
            m.output("shifted", value.shiftedRight(by: amount))
            let unread = m.register("unread", .unsigned(8))
            unread.assign(value)
            m.output("constant", Signal.constant(5, .unsigned(3)))
            let fixed = m.register("fixed", .signed(4))
            fixed.assign(Signal.constant(-8, .signed(4)))
            m.output("fixed_out", fixed)
            m.output("fixed_abs", -fixed)
        }
    }
}

extension Zoo {
    /// A generic multiply-accumulate block of the kind the accelerator is built from:
    /// `lanes` signed products, a balanced adder tree with one named wire per node, an
    /// accumulator with enable and reset, and a FIFO of results on a memory.
    static func dotProduct(lanes: Int) throws -> Module {
        try Module("DotProduct", parameters: ["lanes": lanes]) { m in
            m.clockDomain = ClockDomain(clock: m.input("ap_clk"), reset: .activeLow(m.input("ap_rst_n")))
            let valid = m.input("valid")
            let clear = m.input("clear")
            let pop = m.input("pop")
            let xs = (0..<lanes).map { m.input("x\($0)", .signed(8)) }
            let ws = (0..<lanes).map { m.input("w\($0)", .signed(2)) }
            var level = (0..<lanes).map { m.wire("p\($0)", xs[$0] * ws[$0]) }
            var depth = 0
            while level.count > 1 {
                depth += 1
                level = stride(from: 0, to: level.count, by: 2).map { index in
                    index + 1 < level.count ? m.wire("s\(depth)_\(index / 2)", level[index] + level[index + 1]) : level[index]
                }
            }
            let accumulator = m.register("accumulator", .signed(24), resetValue: 0, enable: valid || clear)
            accumulator.assign(mux(clear, Signal.zeros(.signed(24)), (accumulator + level[0]).truncated(to: 24)))
            m.output("sum", accumulator)

            // Results FIFO: 16 entries, pushed on clear (the finished sum), popped on pop.
            let fifo = m.memory("results", depth: 16, .signed(24))
            let writePointer = m.register("write_pointer", .unsigned(4), resetValue: 0, enable: clear)
            writePointer.assign(writePointer &+ 1)
            let readPointer = m.register("read_pointer", .unsigned(4), resetValue: 0, enable: pop)
            readPointer.assign(readPointer &+ 1)
            fifo.write(address: writePointer, data: accumulator, enable: clear)
            m.output("head", fifo.read(address: readPointer, enable: pop))
            m.output("empty", writePointer == readPointer)
        }
    }
}
