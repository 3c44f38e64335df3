import HDL
import Testing

@Suite struct SelectionTests {
    @Test func muxExtendsTheNarrowerBranch() throws {
        #expect(try typeOf { m in mux(m.input("c"), m.input("a", .signed(8)), m.input("b", .signed(3))) } == .signed(8))
    }

    @Test func priorityMuxAndMatchGiveTheWidestCase() throws {
        #expect(try typeOf { m in
            priorityMux([(m.input("c"), m.input("a", .unsigned(4)))], default: m.input("b", .unsigned(6)))
        } == .unsigned(6))
        #expect(try typeOf { m in
            m.input("s", .unsigned(2)).match([(0, m.input("a", .unsigned(3))), (3, m.input("b", .unsigned(5)))],
                                             default: Signal.constant(0, .unsigned(1)))
        } == .unsigned(5))
    }

    @Test func muxChecksConditionAndBranches() {
        var line = 0
        let errors = elaborationErrors { m in
            let condition = m.input("c", .unsigned(2))
            line = #line; m.output("y", mux(condition, m.input("a", .signed(4)), m.input("b", .unsigned(4))))
        }
        #expect(errors.map(\.message) == [
            "mux condition must be one bit, got 'c' (2-bit unsigned)",
            "mux branches mix 'a' (4-bit signed) and 'b' (4-bit unsigned); convert one with .asSigned() or .asUnsigned()",
        ])
        #expect(errors.allSatisfy { $0.location == SourceLocation(fileID: #fileID, line: line) })
    }

    @Test func matchRejectsRepeatedAndUnrepresentableKeys() {
        var line = 0
        let errors = elaborationErrors { m in
            let state = m.input("state", .unsigned(2))
            let one = Signal.constant(1, .unsigned(4))
            line = #line; m.output("y", state.match([(1, one), (1, one), (4, one)], default: one))
        }
        #expect(errors.map(\.message) == [
            "match on 'state' (2-bit unsigned) lists key 1 twice",
            "'match' with constant 4, which does not fit 'state' (2-bit unsigned)",
        ])
        #expect(errors.allSatisfy { $0.location == SourceLocation(fileID: #fileID, line: line) })
    }
}

@Suite struct PickTests {
    @Test func pickBuildsABalancedTreeOverTheIndexBits() throws {
        let module = try Module("Picker") { m in
            let options = (0..<4).map { m.input("o\($0)", .signed(8)) }
            m.output("y", Signal.pick(options, at: m.input("index", .unsigned(2))))
        }
        #expect(VerilogEmitter().emitModule(module).contains("assign y = index[1] ? (index[0] ? o3 : o2) : (index[0] ? o1 : o0);"))
    }

    @Test func pickPadsWithTheDefault() throws {
        #expect(try typeOf { m in
            Signal.pick([m.input("a", .unsigned(3)), m.input("b", .unsigned(3)), m.input("c", .unsigned(3))],
                        at: m.input("index", .unsigned(2)), default: Signal.zeros(.unsigned(3)))
        } == .unsigned(3))
    }

    @Test func pickChecksItsOptions() {
        let errors = elaborationErrors { m in
            let a = m.input("a", .unsigned(3))
            let index = m.input("index", .unsigned(2))
            m.output("x", Signal.pick([a, a, a], at: index))
            m.output("y", Signal.pick([a, a, a, a, a], at: index, default: a))
            m.output("z", Signal.pick([a, a], at: index[0].asSigned()))
        }
        #expect(errors.map(\.message) == [
            "pick has 3 options for 'index' (2-bit unsigned); give exactly 4 or a default",
            "pick has 5 options but 'index' (2-bit unsigned) selects at most 4",
            "pick index 1-bit signed expression must be unsigned",
        ])
    }

    @Test func zeroExtensionToSignedAddsASignBit() throws {
        #expect(try typeOf { m in m.input("carry").zeroExtendedToSigned() } == .signed(2))
        #expect(try typeOf { m in m.input("s", .signed(5)).zeroExtendedToSigned() } == .signed(5))
        #expect(try typeOf { m in m.input("p", .signed(30)) + m.input("carry").zeroExtendedToSigned() } == .signed(31))
    }
}
