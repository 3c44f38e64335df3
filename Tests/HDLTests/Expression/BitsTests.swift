import HDL
import Testing

@Suite struct BitsTests {
    @Test func slicesAndBitsAreUnsigned() throws {
        #expect(try typeOf { m in m.input("a", .signed(16))[8...15] } == .unsigned(8))
        #expect(try typeOf { m in m.input("a", .signed(16))[0..<4] } == .unsigned(4))
        #expect(try typeOf { m in m.input("a", .signed(16))[3] } == .bit)
        #expect(try typeOf { m in m.input("a", .signed(16)).msb } == .bit)
    }

    @Test func widthChangesKeepSignedness() throws {
        #expect(try typeOf { m in m.input("a", .signed(8)).extended(to: 12) } == .signed(12))
        #expect(try typeOf { m in m.input("a", .signed(8)).truncated(to: 3) } == .signed(3))
        #expect(try typeOf { m in m.input("a", .unsigned(8)).resized(to: 20) } == .unsigned(20))
        #expect(try typeOf { m in m.input("a", .unsigned(8)).resized(to: 2) } == .unsigned(2))
        #expect(try typeOf { m in m.input("a", .unsigned(8)).asSigned() } == .signed(8))
    }

    @Test func concatenationAndReplicationAddWidths() throws {
        #expect(try typeOf { m in Signal.concat(m.input("a", .signed(3)), m.input("b", .unsigned(5))) } == .unsigned(8))
        #expect(try typeOf { m in m.input("a", .signed(3)).replicated(4) } == .unsigned(12))
    }

    @Test func constantShiftsChangeTheWidth() throws {
        #expect(try typeOf { m in m.input("a", .signed(8)) << 4 } == .signed(12))
        #expect(try typeOf { m in m.input("a", .signed(8)) >> 3 } == .signed(5))
        #expect(try typeOf { m in m.input("a", .unsigned(8)).shiftedLeft(by: m.input("n", .unsigned(3))) } == .unsigned(8))
    }

    @Test func sliceOutOfRangeNamesTheSliceAndTheLine() {
        var line = 0
        let errors = elaborationErrors { m in
            let a = m.input("a", .unsigned(8))
            line = #line; let high = a[4...8]
            m.output("y", high)
        }
        #expect(errors.map(\.message) == ["bit range 4...8 is out of range for 'a' (8-bit unsigned) (valid bits 0...7)"])
        #expect(errors.first?.location == SourceLocation(fileID: #fileID, line: line))
    }

    @Test func truncatingUpAndExtendingDownAreErrors() {
        let errors = elaborationErrors { m in
            let a = m.input("a", .unsigned(8))
            m.output("x", a.truncated(to: 9))
            m.output("y", a.extended(to: 7))
            m.output("z", a >> 8)
            m.output("v", a << -1)
            m.output("u", a.replicated(Int.max))
        }
        #expect(errors.map(\.message) == [
            "cannot truncate 'a' (8-bit unsigned) to 9 bits; use .extended(to:) or .resized(to:) to widen",
            "cannot extend 'a' (8-bit unsigned) to 7 bits; use .truncated(to:) or .resized(to:) to narrow",
            "shift right of 'a' (8-bit unsigned) by 8 leaves no bits; valid amounts are 0...7",
            "shift left of 'a' (8-bit unsigned) by -1; valid amounts are 0...65528",
            "cannot replicate 'a' (8-bit unsigned) \(Int.max) times",
        ])
    }

    @Test func shiftAmountsMustBeUnsigned() {
        let errors = elaborationErrors { m in
            m.output("y", m.input("a", .unsigned(8)).shiftedRight(by: m.input("n", .signed(3))))
        }
        #expect(errors.map(\.message) == ["shift amount 'n' (3-bit signed) must be unsigned; use .asUnsigned()"])
    }
}
