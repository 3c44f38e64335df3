/// One 2:4 group of four dense weights as it is stored and streamed: one byte.
///
/// Bits [1:0] index of the first kept weight, [3:2] index of the second kept weight
/// (first < second), [5:4] 2-bit code of the first kept weight, [7:6] code of the second.
/// A group always keeps exactly two positions; a kept weight may still quantize to zero.
public struct SparseGroup: Sendable, Hashable {
    public static let denseWidth = 4
    public static let keptCount = 2

    public let firstIndex: Int
    public let secondIndex: Int
    public let firstCode: UInt8
    public let secondCode: UInt8

    /// Builds a group; returns nil unless `first < second` are in 0...3 and codes fit 2 bits.
    public init?(firstIndex: Int, secondIndex: Int, firstCode: UInt8, secondCode: UInt8) {
        guard (0..<4).contains(firstIndex), (0..<4).contains(secondIndex),
              firstIndex < secondIndex, firstCode < 4, secondCode < 4 else { return nil }
        self.firstIndex = firstIndex
        self.secondIndex = secondIndex
        self.firstCode = firstCode
        self.secondCode = secondCode
    }

    /// Decodes a stored byte; returns nil for the index pairs that are not first < second.
    public init?(byte: UInt8) {
        self.init(firstIndex: Int(byte & 3), secondIndex: Int((byte >> 2) & 3),
                  firstCode: (byte >> 4) & 3, secondCode: (byte >> 6) & 3)
    }

    public var byte: UInt8 {
        UInt8(firstIndex) | UInt8(secondIndex) << 2 | firstCode << 4 | secondCode << 6
    }

    /// The signed hardware weight operands (`code - 2`, in -2...1) of the two kept weights.
    public var operands: (Int64, Int64) {
        (WeightCode.operand(firstCode), WeightCode.operand(secondCode))
    }
}
