import HDL
import Testing

@Suite struct ArithmeticTests {
    @Test func growingOperatorsNeverOverflow() throws {
        #expect(try typeOf { m in m.input("a", .unsigned(8)) + m.input("b", .unsigned(5)) } == .unsigned(9))
        #expect(try typeOf { m in m.input("a", .signed(8)) - m.input("b", .signed(12)) } == .signed(13))
        #expect(try typeOf { m in m.input("a", .unsigned(8)) * m.input("b", .unsigned(5)) } == .unsigned(13))
        #expect(try typeOf { m in m.input("a", .signed(8)) * m.input("b", .signed(2)) } == .signed(10))
        #expect(try typeOf { m in -m.input("a", .signed(8)) } == .signed(9))
    }

    @Test func wrappingOperatorsKeepTheWiderWidth() throws {
        #expect(try typeOf { m in m.input("a", .unsigned(8)) &+ 1 } == .unsigned(8))
        #expect(try typeOf { m in m.input("a", .signed(8)) &- m.input("b", .signed(3)) } == .signed(8))
        #expect(try typeOf { m in m.input("a", .unsigned(4)) &* m.input("b", .unsigned(6)) } == .unsigned(6))
    }

    @Test func literalsTakeTheFewestBitsOfTheOtherSignedness() throws {
        #expect(try typeOf { m in m.input("a", .unsigned(4)) + 255 } == .unsigned(9))
        #expect(try typeOf { m in m.input("a", .signed(4)) + -128 } == .signed(9))
        #expect(try typeOf { m in 3 * m.input("a", .signed(4)) } == .signed(7))
        #expect(try typeOf { m in 1 - m.input("a", .unsigned(4)) } == .unsigned(5))
    }

    @Test func mixingSignednessIsAnErrorAtTheUse() {
        var line = 0
        let errors = elaborationErrors { m in
            let s = m.input("s", .signed(8))
            let u = m.input("u", .unsigned(8))
            line = #line; m.output("y", s + u)
        }
        #expect(errors.map(\.message) == ["'+' mixes 's' (8-bit signed) and 'u' (8-bit unsigned); convert one with .asSigned() or .asUnsigned()"])
        #expect(errors.first?.location == SourceLocation(fileID: #fileID, line: line))
    }

    @Test func everyArithmeticOperatorChecksSignedness() {
        let errors = elaborationErrors { m in
            let s = m.input("s", .signed(4))
            let u = m.input("u", .unsigned(4))
            m.output("a", (s - u).asUnsigned() + (s * u).asUnsigned().resized(to: 9))
            m.output("b", (s &+ u).asUnsigned() | (s &- u).asUnsigned() | (s &* u).asUnsigned())
        }
        #expect(errors.map(\.message) == [
            "'-' mixes 's' (4-bit signed) and 'u' (4-bit unsigned); convert one with .asSigned() or .asUnsigned()",
            "'*' mixes 's' (4-bit signed) and 'u' (4-bit unsigned); convert one with .asSigned() or .asUnsigned()",
            "'&+' mixes 's' (4-bit signed) and 'u' (4-bit unsigned); convert one with .asSigned() or .asUnsigned()",
            "'&-' mixes 's' (4-bit signed) and 'u' (4-bit unsigned); convert one with .asSigned() or .asUnsigned()",
            "'&*' mixes 's' (4-bit signed) and 'u' (4-bit unsigned); convert one with .asSigned() or .asUnsigned()",
        ])
    }

    @Test func negatingAnUnsignedValueIsAnError() {
        let errors = elaborationErrors { m in
            m.output("y", -m.input("u", .unsigned(4)))
        }
        #expect(errors.map(\.message) == ["negation of 'u' (4-bit unsigned); convert it with .asSigned() first"])
    }

    @Test func negativeLiteralWithUnsignedIsAnError() {
        let errors = elaborationErrors { m in
            m.output("y", m.input("u", .unsigned(4)) + -1)
        }
        #expect(errors.map(\.message) == ["'+' with negative constant -1 and 'u' (4-bit unsigned); make the signal signed with .asSigned() or use a non-negative constant"])
    }

    @Test func wrappingLiteralMustFit() {
        let errors = elaborationErrors { m in
            m.output("y", m.input("u", .unsigned(4)) &+ 16)
        }
        #expect(errors.map(\.message) == ["'&+' with constant 16, which does not fit 'u' (4-bit unsigned)"])
    }
}
