/// The packed form the RCE streams from HBM: each 2:4 group as a 7-bit field, because the
/// two kept positions of four take one of only 6 patterns (3 bits, not the 4 of two 2-bit
/// indices). 64 fields (one decoder unit, 448 bits = 56 bytes) feed the 64 lanes of one
/// cycle; seven 512-bit beats carry eight units.
///
/// Field bits: [2:0] the pattern (`SparseGroup.patterns` order), [4:3] code of the first
/// kept weight, [6:5] code of the second.
extension SparseGroup {
    /// The six (first, second) kept-position pairs, in pattern-number order.
    public static let patterns: [(Int, Int)] = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    public static let fieldWidth = 7
    /// The group that fills a row's last unit past its columns: positions 0 and 1, both
    /// codes 2 (operands 0), so a unit run whole through the lanes adds nothing for it.
    public static let padding = SparseGroup(firstIndex: 0, secondIndex: 1, firstCode: 2, secondCode: 2)!

    /// The 7-bit stream field of this group.
    public var field: UInt8 {
        let pattern = Self.patterns.firstIndex { $0 == (firstIndex, secondIndex) }!
        return UInt8(pattern) | firstCode << 3 | secondCode << 5
    }

    /// Decodes a stream field; nil for patterns 6 and 7 (or a value over 7 bits).
    public init?(field: UInt8) {
        let pattern = Int(field & 7)
        guard field < 128, pattern < Self.patterns.count else { return nil }
        let (first, second) = Self.patterns[pattern]
        self.init(firstIndex: first, secondIndex: second, firstCode: (field >> 3) & 3, secondCode: (field >> 5) & 3)
    }
}

/// Rows of sparse groups as the `.rce` stores them and the RCE's group decoder reads them:
/// each row a whole number of units of 64 fields (256 dense columns), the fields packed
/// LSB first (field j of a row at bits 7j ..< 7j + 7, bit b in bit b % 8 of byte b / 8),
/// the row's last unit filled with `SparseGroup.padding`.
public enum SparseGroupStream {
    /// Fields per decoder unit: one per lane of the cycle's PEs.
    public static let fieldsPerUnit = 64
    /// Bytes per unit: 64 × 7 bits.
    public static let bytesPerUnit = fieldsPerUnit * SparseGroup.fieldWidth / 8
    /// Dense columns per unit.
    public static let columnsPerUnit = fieldsPerUnit * SparseGroup.denseWidth

    /// Units one row of `columns` dense columns takes.
    public static func units(columns: Int) -> Int { (columns + columnsPerUnit - 1) / columnsPerUnit }

    /// Fields one row of `columns` dense columns takes: its groups, then padding.
    public static func fields(columns: Int) -> Int { units(columns: columns) * fieldsPerUnit }

    /// Bytes one row of `columns` dense columns takes (the row stride).
    public static func rowBytes(columns: Int) -> Int { units(columns: columns) * bytesPerUnit }

    /// One row's bytes: `groups` (the row's `ceil(columns / 4)`), then padding fields.
    public static func packRow<Groups: Collection>(_ groups: Groups, columns: Int) -> [UInt8]
    where Groups.Element == SparseGroup {
        let fieldCount = fields(columns: columns)
        precondition(groups.count <= fieldCount, "\(groups.count) groups overflow a row of \(columns) columns")
        var bytes = [UInt8](repeating: 0, count: rowBytes(columns: columns))
        let codes = groups.map(\.field) + [UInt8](repeating: SparseGroup.padding.field, count: fieldCount - groups.count)
        for (index, code) in codes.enumerated() {
            let bit = index * SparseGroup.fieldWidth
            let value = UInt16(code) << UInt16(bit % 8)
            bytes[bit / 8] |= UInt8(truncatingIfNeeded: value)
            if bit % 8 > 1 { bytes[bit / 8 + 1] |= UInt8(truncatingIfNeeded: value >> 8) }
        }
        return bytes
    }

    /// Field `index` of a row that starts at `bytes[start]`.
    public static func field(_ bytes: [UInt8], rowStart start: Int, index: Int) -> UInt8 {
        let bit = index * SparseGroup.fieldWidth
        let low = UInt16(bytes[start + bit / 8])
        let high = bit % 8 > 1 ? UInt16(bytes[start + bit / 8 + 1]) : 0
        return UInt8(truncatingIfNeeded: ((low | high << 8) >> UInt16(bit % 8)) & 0x7F)
    }
}
