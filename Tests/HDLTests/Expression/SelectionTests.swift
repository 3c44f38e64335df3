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
