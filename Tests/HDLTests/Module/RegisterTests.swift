import HDL
import Testing

@Suite struct RegisterTests {
    @Test func registersNeedAClock() {
        var line = 0
        let errors = elaborationErrors { m in
            line = #line; let r = m.register("r", .unsigned(4))
            r.assign(r &+ 1)
            m.output("y", r)
        }
        #expect(errors.map(\.message) == ["register 'r' has no clock: pass clock: or set the module's clockDomain"])
        #expect(errors.first?.location == SourceLocation(fileID: #fileID, line: line))
    }

    @Test func resetValueNeedsAResetAndMustFit() {
        let errors = elaborationErrors { m in
            m.clockDomain = ClockDomain(clock: m.input("clk"))
            let r = m.register("r", .unsigned(4), resetValue: 1)
            r.assign(r)
            let s = m.register("s", .signed(4), reset: .activeHigh(m.input("rst")), resetValue: 8)
            s.assign(s)
            m.output("y", Signal.concat(r, s))
        }
        #expect(errors.map(\.message) == [
            "register 'r' has a reset value but no reset: pass reset: or set a clockDomain with a reset",
            "reset value 8 does not fit register 's' (4-bit signed)",
        ])
    }

    @Test func controlSignalsMustBeSingleBits() {
        let errors = elaborationErrors { m in
            let wide = m.input("wide", .unsigned(2))
            let r = m.register("r", .unsigned(4), clock: wide, reset: .activeLow(wide), enable: wide)
            r.assign(r)
            m.output("y", r)
        }
        #expect(errors.map(\.message) == [
            "clock of register 'r' must be one bit, got 'wide' (2-bit unsigned)",
            "reset of register 'r' must be one bit, got 'wide' (2-bit unsigned)",
            "enable of register 'r' must be one bit, got 'wide' (2-bit unsigned)",
        ])
    }

    @Test func registersAreAssignedExactlyOnce() {
        var first = 0
        let errors = elaborationErrors { m in
            m.clockDomain = ClockDomain(clock: m.input("clk"))
            let r = m.register("r", .unsigned(4))
            first = #line; r.assign(r)
            r.assign(r &+ 1)
            let idle = m.register("idle", .bit)
            m.output("y", Signal.concat(r, idle))
        }
        #expect(errors.map(\.message) == [
            "register 'r' is already assigned (at \(#fileID):\(first)); combine the cases with mux/priorityMux/match into one assignment",
            "register 'idle' is never assigned; give it a next value with assign",
        ])
    }

    @Test func registersBreakCombinationalLoops() throws {
        let counter = try Module("Counter") { m in
            m.clockDomain = ClockDomain(clock: m.input("clk"), reset: .activeLow(m.input("rst_n")))
            let count = m.register("count", .unsigned(8), resetValue: 0)
            count.assign(count &+ 1)
            m.output("value", count)
        }
        #expect(counter.ports.map(\.description) == ["input clk: 1-bit unsigned", "input rst_n: 1-bit unsigned", "output value: 8-bit unsigned"])
    }
}

@Suite struct ClockAndResetTests {
    /// The shared prologue: `clk`, `ce`, `rst_n` first and in order, the clock domain set,
    /// so a register with a reset value resets on `rst_n` low and counts while `ce` is high.
    @Test func clockEnableAndResetDeclaresThePrologue() throws {
        let counter = try Module("EnabledCounter") { m in
            let (_, ce, _) = m.clockEnableAndReset()
            let count = m.register("count", .unsigned(4), resetValue: 0, enable: ce)
            count.assign(count &+ 1)
            m.output("value", count)
        }
        #expect(counter.ports.map(\.name) == ["clk", "ce", "rst_n", "value"])
        let verilog = VerilogEmitter().emitModule(counter)
        #expect(verilog.contains("always @(posedge clk)") && verilog.contains("if (!rst_n)"), "\(verilog)")
        let lane = try Module("Piped") { m in
            let (_, ce) = m.clockAndEnable()
            m.output("y", m.registered("x_d", m.input("x", .unsigned(3)), enable: ce))
        }
        #expect(lane.ports.map(\.name) == ["clk", "ce", "x", "y"])
    }

    @Test func clocksMustBeNets() {
        let errors = elaborationErrors { m in
            let gated = m.input("clk") & m.input("gate")
            let r = m.register("r", .bit, clock: gated)
            r.assign(!r)
            m.output("y", r)
        }
        #expect(errors.map(\.message) == ["clock of register 'r' must be a port or wire, not 1-bit unsigned expression"])
    }

    @Test func activeLowResetNegatesTheWholeCondition() throws {
        let module = try Module("CombinedReset") { m in
            let resetN = m.input("ap_rst_n") & m.input("local_rst_n")
            let r = m.register("r", .unsigned(2), clock: m.input("clk"), reset: .activeLow(resetN))
            r.assign(r &+ 1)
            m.output("y", r)
        }
        #expect(VerilogEmitter().emitModule(module).contains("if (!(ap_rst_n & local_rst_n)) begin"))
    }
}
