import HDL
import Testing

@Suite struct MemoryTests {
    @Test func addressesMustHaveExactlyTheNeededWidth() {
        var line = 0
        let errors = elaborationErrors { m in
            m.clockDomain = ClockDomain(clock: m.input("clk"))
            let memory = m.memory("buffer", depth: 1000, .unsigned(8))
            #expect(memory.addressWidth == 10)
            #expect(memory.name == "buffer" && memory.depth == 1000 && memory.type == .unsigned(8))
            line = #line; memory.write(address: m.input("waddr", .unsigned(11)), data: m.input("wdata", .unsigned(8)))
            m.output("y", memory.read(address: m.input("raddr", .signed(10))))
        }
        #expect(errors.map(\.message) == [
            "address of memory 'buffer' (depth 1000) must be 10-bit unsigned, got 'waddr' (11-bit unsigned)",
            "address of memory 'buffer' (depth 1000) must be 10-bit unsigned, got 'raddr' (10-bit signed)",
        ])
        #expect(errors.first?.location == SourceLocation(fileID: #fileID, line: line))
    }

    @Test func writeDataFollowsAssignmentRules() {
        let errors = elaborationErrors { m in
            m.clockDomain = ClockDomain(clock: m.input("clk"))
            let memory = m.memory("buffer", depth: 16, .unsigned(8))
            let address = m.input("addr", .unsigned(4))
            memory.write(address: address, data: m.input("wdata", .unsigned(9)))
            m.output("y", memory.read(address: address))
        }
        #expect(errors.map(\.message) == ["cannot assign 'wdata' (9-bit unsigned) to 8-bit unsigned memory 'buffer' without explicit truncation; use .truncated(to: 8) or .resized(to: 8)"])
    }

    @Test func memoriesNeedContentAndAReader() {
        let errors = elaborationErrors { m in
            m.clockDomain = ClockDomain(clock: m.input("clk"))
            let address = m.input("addr", .unsigned(2))
            let empty = m.memory("empty", depth: 4, .unsigned(8))
            m.output("y", empty.read(address: address))
            let unread = m.memory("unread", depth: 4, .unsigned(8))
            unread.write(address: address, data: Signal.constant(1, .unsigned(8)))
            _ = m.memory("tiny", depth: 1, .unsigned(8), initialContent: [1])
        }
        #expect(errors.map(\.message) == [
            "memory 'tiny' has depth 1; depths must be 2...16777216 (use a register for one word)",
            "memory 'empty' has no write port and no initial content",
            "memory 'unread' has no read port",
            "memory 'tiny' has no read port",
        ])
    }

    @Test func initialContentMustFit() {
        let errors = elaborationErrors { m in
            m.clockDomain = ClockDomain(clock: m.input("clk"))
            let rom = m.memory("rom", depth: 4, .signed(4), initialContent: [1, 2, 8, 3, 4])
            m.output("y", rom.read(address: m.input("addr", .unsigned(2))))
        }
        #expect(errors.map(\.message) == [
            "memory 'rom' has 5 initial words but depth 4",
            "initial word 2 of memory 'rom' is 8, which does not fit 4-bit signed",
        ])
    }

    @Test func readDataIsNamedAfterTheMemory() throws {
        let module = try Module("Rom") { m in
            m.clockDomain = ClockDomain(clock: m.input("clk"))
            let rom = m.memory("lut", depth: 4, .unsigned(3), initialContent: [7, 6, 5, 4])
            m.output("word", rom.read(address: m.input("addr", .unsigned(2))))
        }
        let text = VerilogEmitter().emitModule(module)
        #expect(text.contains("reg [2:0] lut_rd0;"))
        #expect(text.contains("lut[2'd3] = 3'd4;"))
    }
}
