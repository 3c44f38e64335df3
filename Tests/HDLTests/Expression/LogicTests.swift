import HDL
import Testing

@Suite struct LogicTests {
    @Test func comparisonsGiveOneUnsignedBit() throws {
        #expect(try typeOf { m in m.input("a", .signed(8)) < m.input("b", .signed(3)) } == .bit)
        #expect(try typeOf { m in m.input("a", .unsigned(8)) == 200 } == .bit)
        #expect(try typeOf { m in m.input("a", .unsigned(8)) != m.input("b", .unsigned(12)) } == .bit)
    }

    @Test func bitwiseOperatorsKeepTheType() throws {
        #expect(try typeOf { m in m.input("a", .signed(8)) & m.input("b", .signed(8)) } == .signed(8))
        #expect(try typeOf { m in ~m.input("a", .unsigned(5)) } == .unsigned(5))
        #expect(try typeOf { m in m.input("a", .unsigned(5)) ^ 31 } == .unsigned(5))
    }

    @Test func reductionsAndLogicalOperatorsGiveOneBit() throws {
        #expect(try typeOf { m in m.input("a", .unsigned(8)).andReduce() } == .bit)
        #expect(try typeOf { m in m.input("a", .signed(8)).xorReduce() } == .bit)
        #expect(try typeOf { m in m.input("a") && !m.input("b") || m.input("c") } == .bit)
    }

    @Test func bitwiseOperandsMustHaveTheSameType() {
        let errors = elaborationErrors { m in
            let a = m.input("a", .unsigned(8))
            let b = m.input("b", .unsigned(9))
            m.output("y", (a | b).resized(to: 8))
        }
        #expect(errors.map(\.message) == ["'|' needs operands of the same type, got 'a' (8-bit unsigned) and 'b' (9-bit unsigned); resize or convert one explicitly"])
    }

    @Test func logicalOperatorsNeedSingleBits() {
        let errors = elaborationErrors { m in
            let a = m.input("a", .unsigned(2))
            let b = m.input("b")
            m.output("y", (a && b) || !a)
        }
        #expect(errors.map(\.message) == [
            "'&&' needs single-bit operands, got 'a' (2-bit unsigned); compare it (e.g. != 0) or reduce it (.orReduce()) first",
            "'!' needs a single-bit operand, got 'a' (2-bit unsigned); compare it (e.g. == 0) first",
        ])
    }

    @Test func comparingSignedWithUnsignedIsAnError() {
        let errors = elaborationErrors { m in
            m.output("y", m.input("s", .signed(8)) >= m.input("u", .unsigned(8)))
        }
        #expect(errors.map(\.message) == ["'>=' compares 's' (8-bit signed) with 'u' (8-bit unsigned); convert one with .asSigned() or .asUnsigned()"])
    }

    @Test func comparisonWithAnUnrepresentableConstantIsAnError() {
        let errors = elaborationErrors { m in
            m.output("y", m.input("u", .unsigned(8)) == 300)
        }
        #expect(errors.map(\.message) == ["'==' with constant 300, which does not fit 'u' (8-bit unsigned)"])
    }
}
