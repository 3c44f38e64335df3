import Numerics

/// Everything that can be wrong with a `.rce` file or with a compressed model handed to
/// the writer. Each description is one line naming the part at fault; the reader never
/// traps on a file's contents.
public enum RCEFormatError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    /// The file is shorter than the fixed header or than the size its header declares.
    case truncated(actualBytes: Int, neededBytes: Int)
    /// The file is longer than the size its header declares.
    case trailingBytes(actualBytes: Int, declaredBytes: Int)
    case badMagic(found: [UInt8])
    /// A version this reader does not read (it reads `RCELayout.version` only).
    case unsupportedVersion(UInt32)
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// A header field (model dimensions, compression settings, layout) that cannot be.
    case invalidHeader(field: String, value: String, reason: String)
    case invalidTensorName(index: Int)
    /// Entry `index` of the tensor table is not the tensor the layout requires there.
    case unexpectedTensor(index: Int, found: String, expected: String)
    case tensorKind(name: String, found: UInt32, expected: UInt32)
    case tensorShape(name: String, found: [Int], expected: [Int])
    case tensorLayout(name: String, field: String, found: UInt64, expected: UInt64)
    case misaligned(name: String, offset: UInt64)
    case outOfRange(name: String, offset: UInt64, length: UInt64, payloadStart: Int, payloadEnd: Int)
    case overlapping(name: String, other: String)
    /// A byte outside every tensor, or padding inside one, that is not the defined value.
    case invalidPadding(offset: Int, found: UInt8, expected: UInt8)
    /// A group's 7-bit field with pattern 6 or 7.
    case invalidSparseGroup(tensor: String, row: Int, group: Int, field: UInt8)
    /// A field of a group row past its groups that is not `SparseGroup.padding`.
    case invalidGroupPadding(tensor: String, row: Int, field: Int, found: UInt8)
    case mantissaOutOfRange(tensor: String, row: Int, group: Int, mantissa: UInt8)
    case zeroPointOutOfRange(tensor: String, row: Int, group: Int, zero: UInt8)
    case invalidRowScale(tensor: String, row: Int, value: Float)
    case nonFiniteValue(tensor: String, index: Int, value: Float)
    /// An in-memory tensor whose size does not match the model's dimensions.
    case shapeMismatch(tensor: String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read .rce file \(path): \(reason)"
        case .unwritable(let path, let reason):
            return "cannot write .rce file \(path): \(reason)"
        case .truncated(let actual, let needed):
            return ".rce file truncated: \(actual) bytes, needs \(needed)"
        case .trailingBytes(let actual, let declared):
            return ".rce file is \(actual) bytes but its header declares \(declared)"
        case .badMagic(let found):
            let hex = found.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined(separator: " ")
            return "not an .rce file: magic is \(hex), expected \"\(RCELayout.magicText)\""
        case .unsupportedVersion(let version):
            return ".rce version \(version) is not supported (this reader reads version \(RCELayout.version))"
        case .checksumMismatch(let stored, let computed):
            return ".rce checksum mismatch: stored CRC-32C 0x\(hex32(stored)), contents give 0x\(hex32(computed))"
        case .invalidHeader(let field, let value, let reason):
            return ".rce header: \(field) = \(value) \(reason)"
        case .invalidTensorName(let index):
            return ".rce tensor table entry \(index) has a malformed name (printable ASCII, zero-padded, at most 31 bytes)"
        case .unexpectedTensor(let index, let found, let expected):
            return ".rce tensor table entry \(index) is \"\(found)\", expected \"\(expected)\""
        case .tensorKind(let name, let found, let expected):
            return ".rce tensor \(name) has kind \(found), expected \(expected)"
        case .tensorShape(let name, let found, let expected):
            return ".rce tensor \(name) has shape \(found), the model needs \(expected)"
        case .tensorLayout(let name, let field, let found, let expected):
            return ".rce tensor \(name) has \(field) \(found), expected \(expected)"
        case .misaligned(let name, let offset):
            return ".rce tensor \(name) starts at offset \(offset), not a multiple of \(RCELayout.alignment)"
        case .outOfRange(let name, let offset, let length, let start, let end):
            return ".rce tensor \(name) spans [\(offset), \(offset) + \(length)), outside the payload [\(start), \(end))"
        case .overlapping(let name, let other):
            return ".rce tensor \(name) overlaps tensor \(other)"
        case .invalidPadding(let offset, let found, let expected):
            return ".rce padding byte at offset \(offset) is 0x\(hex8(found)), expected 0x\(hex8(expected))"
        case .invalidSparseGroup(let tensor, let row, let group, let field):
            return ".rce tensor \(tensor) row \(row) group \(group): field 0x\(hex8(field)) has pattern \(field & 7), not a valid 2:4 group (patterns 0...5)"
        case .invalidGroupPadding(let tensor, let row, let field, let found):
            return ".rce tensor \(tensor) row \(row) field \(field): padding field is 0x\(hex8(found)), expected 0x\(hex8(SparseGroup.padding.field))"
        case .mantissaOutOfRange(let tensor, let row, let group, let mantissa):
            return ".rce tensor \(tensor) row \(row) group \(group): scale mantissa is \(mantissa) (must be 1...\(WeightQuantizer.maxScaleMantissa))"
        case .zeroPointOutOfRange(let tensor, let row, let group, let zero):
            return ".rce tensor \(tensor) row \(row) group \(group): zero point \(zero) is out of range (0...3)"
        case .invalidRowScale(let tensor, let row, let value):
            return ".rce tensor \(tensor) row \(row): row scale \(value) is not a positive finite number"
        case .nonFiniteValue(let tensor, let index, let value):
            return ".rce tensor \(tensor) holds \(value) at index \(index)"
        case .shapeMismatch(let tensor, let expected, let found):
            return "compressed tensor \(tensor) has shape \(found), the model needs \(expected)"
        }
    }
}

private func hex8(_ value: UInt8) -> String { (value < 16 ? "0" : "") + String(value, radix: 16) }

private func hex32(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
}
