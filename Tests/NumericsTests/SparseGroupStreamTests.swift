import Numerics
import Testing

/// The 7-bit group fields and the rows of 56-byte units the `.rce` stores and the RCE's
/// group decoder reads.
@Suite struct SparseGroupStreamTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 29)
        }
    }

    static let allGroups: [SparseGroup] = (UInt8.min...UInt8.max).compactMap { SparseGroup(byte: $0) }

    @Test func everyGroupRoundTripsThroughItsField() {
        #expect(Self.allGroups.count == 96)
        for group in Self.allGroups {
            #expect(group.field < 128)
            #expect(SparseGroup(field: group.field) == group)
            #expect(SparseGroup.patterns[Int(group.field & 7)] == (group.firstIndex, group.secondIndex))
            #expect(group.field >> 3 & 3 == group.firstCode && group.field >> 5 == group.secondCode)
        }
        #expect(Set(Self.allGroups.map(\.field)).count == 96)
    }

    @Test func exactlyTheSixPatternsDecode() {
        var decoded = 0
        for value in UInt8(0)..<128 {
            if let group = SparseGroup(field: value) {
                decoded += 1
                #expect(group.field == value)
            } else {
                #expect(value & 7 >= 6, "field 0x\(String(value, radix: 16)) rejected")
            }
        }
        #expect(decoded == 96)
        #expect((UInt8(128)...UInt8.max).allSatisfy { SparseGroup(field: $0) == nil })
    }

    @Test func paddingIsPositionsZeroOneWithZeroOperands() {
        let padding = SparseGroup.padding
        #expect((padding.firstIndex, padding.secondIndex, padding.firstCode, padding.secondCode) == (0, 1, 2, 2))
        #expect(padding.field == 0x50)
        #expect(padding.operands == (0, 0))
    }

    @Test func unitSizes() {
        #expect(SparseGroupStream.bytesPerUnit == 56)
        #expect(SparseGroupStream.columnsPerUnit == 256)
        for (columns, units) in [(1, 1), (4, 1), (172, 1), (256, 1), (257, 2), (512, 2), (4096, 16), (11008, 43)] {
            #expect(SparseGroupStream.units(columns: columns) == units)
            #expect(SparseGroupStream.fields(columns: columns) == 64 * units)
            #expect(SparseGroupStream.rowBytes(columns: columns) == 56 * units)
        }
    }

    @Test(arguments: [1, 4, 64, 172, 256, 257, 4096, 11008])
    func packedRowsRoundTrip(columns: Int) {
        var rng = Generator(state: UInt64(columns))
        let groupCount = (columns + 3) / 4
        let fields = SparseGroupStream.fields(columns: columns)
        for _ in 0..<4 {
            let groups = (0..<groupCount).map { _ in Self.allGroups.randomElement(using: &rng)! }
            // The row sits inside a larger buffer, at an offset that is a multiple of 8
            // but not of 64, as a port's first row may.
            let row = SparseGroupStream.packRow(groups, columns: columns)
            #expect(row.count == 56 * ((columns + 255) / 256))
            let buffer = [UInt8](repeating: 0xFF, count: 8) + row + [UInt8](repeating: 0xFF, count: 3)
            let read = (0..<fields).map { SparseGroupStream.field(buffer, rowStart: 8, index: $0) }
            #expect(read[..<groupCount].compactMap { SparseGroup(field: $0) } == groups)
            #expect(read[groupCount...].allSatisfy { $0 == SparseGroup.padding.field })
        }
    }

    /// Two known groups, worked out by hand: (0, 1) codes 3, 1 is pattern 0 → field
    /// 0b01_11_000 = 0x38; (2, 3) codes 0, 2 is pattern 5 → 0b10_00_101 = 0x45; then
    /// padding 0x50. Byte 0 = 0x38 | (0x45 bit 0) << 7 = 0xb8; byte 1 = 0x45 >> 1 = 0x22
    /// plus padding bits 0, 1 (both 0) in bits 6, 7; byte 2 = 0x50 >> 2 = 0x14 (the next
    /// field's bits 0...2 are 0); byte 3 = 0x50 >> 3 = 0x0a; byte 4 = 0x50 >> 4 = 0x05
    /// | (0x50 & 0x1f) << 3 = 0x85. From field 8 (byte 7) on, padding repeats every 7 bytes.
    @Test func handCheckedBytes() throws {
        let first = try #require(SparseGroup(firstIndex: 0, secondIndex: 1, firstCode: 3, secondCode: 1))
        let second = try #require(SparseGroup(firstIndex: 2, secondIndex: 3, firstCode: 0, secondCode: 2))
        #expect((first.field, second.field) == (0x38, 0x45))
        let row = SparseGroupStream.packRow([first, second], columns: 8)
        #expect(row.count == 56)
        #expect(Array(row[0..<5]) == [0xB8, 0x22, 0x14, 0x0A, 0x85])
        let paddingPeriod: [UInt8] = [0x50, 0x28, 0x14, 0x0A, 0x85, 0x42, 0xA1]
        #expect(Array(row[5..<7]) == Array(paddingPeriod[5..<7]))
        #expect(Array(row[7...]) == Array([[UInt8]](repeating: paddingPeriod, count: 7).joined()))
        #expect(SparseGroupStream.packRow([SparseGroup](), columns: 8) == Array([[UInt8]](repeating: paddingPeriod, count: 8).joined()))
    }
}
