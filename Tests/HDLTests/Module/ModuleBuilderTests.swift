import HDL
import Testing

@Suite struct ModuleBuilderTests {
    @Test func narrowingAssignmentNeedsExplicitTruncation() {
        var line = 0
        let errors = elaborationErrors { m in
            let a = m.input("a", .unsigned(9))
            let w = m.wire("w", .unsigned(8))
            line = #line; w.assign(a)
            m.output("y", w)
        }
        #expect(errors.map(\.message) == ["cannot assign 'a' (9-bit unsigned) to 8-bit unsigned wire 'w' without explicit truncation; use .truncated(to: 8) or .resized(to: 8)"])
        #expect(errors.first?.location == SourceLocation(fileID: #fileID, line: line))
    }

    @Test func wideningAssignmentExtendsBySignedness() throws {
        let module = try Module("Widen") { m in
            let narrow = m.input("narrow", .signed(4))
            let wide = m.output("wide", .signed(8))
            wide.assign(narrow)
        }
        #expect(module.port(named: "wide")?.type == .signed(8))
    }

    @Test func signednessMustMatchOnAssignment() {
        let errors = elaborationErrors { m in
            let s = m.input("s", .signed(8))
            m.output("y", .unsigned(8)).assign(s)
        }
        #expect(errors.map(\.message) == ["cannot assign 's' (8-bit signed) to 8-bit unsigned output 'y'; convert it with .asUnsigned()"])
    }

    @Test func wiresAreDrivenExactlyOnce() {
        var first = 0
        var second = 0
        let errors = elaborationErrors { m in
            let a = m.input("a")
            let w = m.wire("w", .bit)
            first = #line; w.assign(a)
            second = #line; w.assign(!a)
            m.output("y", w)
            _ = m.wire("floating", .unsigned(3))
            _ = m.output("dangling", .bit)
        }
        #expect(errors.map(\.message) == [
            "wire 'w' is already driven (at \(#fileID):\(first)); a wire or output is driven exactly once",
            "wire 'floating' is never driven; assign it a value",
            "output 'dangling' is never driven; assign it a value",
        ])
        #expect(errors.first?.location.line == second)
    }

    @Test func onlyWiresOutputsAndRegistersCanBeAssigned() {
        let errors = elaborationErrors { m in
            let a = m.input("a")
            a.assign(Signal.constant(1, .bit))
            (a & a).assign(a)
            m.output("y", a)
        }
        #expect(errors.map(\.message) == [
            "cannot assign to input 'a'",
            "cannot assign to 1-bit unsigned expression; only wires, outputs and registers can be assigned",
        ])
    }

    @Test func namesAreUniqueVerilogIdentifiers() {
        let errors = elaborationErrors { m in
            let a = m.input("a")
            _ = m.input("a")
            _ = m.input("2fast")
            _ = m.input("reg")
            _ = m.input("has space")
            _ = m.input("_t3")
            m.output("y", a)
        }
        #expect(errors.map(\.message).count == 5)
        #expect(errors.map(\.message)[0].hasPrefix("name 'a' is already used in module 'UnderTest' (declared at \(#fileID):"))
        #expect(Array(errors.map(\.message)[1...]) == [
            "signal name '2fast' must start with a letter or '_'",
            "signal name 'reg' is a Verilog/SystemVerilog keyword",
            "signal name 'has space' may only contain letters, digits and '_'",
            "signal name '_t3' is reserved for the emitter's temporaries",
        ])
    }

    @Test func signalsCannotCrossModulesWithoutAnInstance() throws {
        var leaked: Signal?
        _ = try Module("Source") { m in
            let a = m.input("a")
            leaked = a
            m.output("y", a)
        }
        let outside = try #require(leaked)
        let errors = elaborationErrors { m in
            m.output("y", outside & m.input("b"))
        }
        #expect(errors.map(\.message) == [
            "expression combines signals of module 'Source' and module 'UnderTest'; use an instance to connect modules",
        ])
    }

    @Test func allProblemsAreReportedTogether() {
        let errors = elaborationErrors { m in
            let a = m.input("a", .unsigned(4))
            m.output("x", a[9])
            m.output("y", a + a.asSigned())
        }
        #expect(errors.count == 2)
        let description = ElaborationError(moduleName: "UnderTest", diagnostics: errors).description
        #expect(description.hasPrefix("module 'UnderTest' has 2 errors:\n  \(#fileID):"))
        #expect(description.contains(": error: bit range 9...9 is out of range"))
    }

    @Test func integerAssignmentsTakeTheTargetType() throws {
        let module = try Module("Constants") { m in
            m.output("y", .signed(6)).assign(-3)
        }
        #expect(VerilogEmitter().emitModule(module).contains("assign y = -6'sd3;"))
        let errors = elaborationErrors { m in
            m.output("y", .unsigned(4)).assign(16)
        }
        #expect(errors.map(\.message) == ["constant 16 does not fit in 4-bit unsigned"])
    }
}
