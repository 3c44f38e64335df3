/// The 2-bit weight code and its signed hardware operand.
///
/// A weight is stored as an unsigned code q in 0...3 with a group zero point z in 0...3 and
/// means `scale · (q − z)`. The multiplier sees the signed operand `c = q − 2` in -2...1
/// (two's complement: the code with its top bit flipped), and the zero point enters once
/// per group as `(2 − z) · Σ x` over the kept activations: `q − z = c + (2 − z)`.
public enum WeightCode {
    public static let bits = 2
    public static let levels = 4
    public static let maxCode: UInt8 = 3
    /// The code whose operand is zero.
    public static let operandBias: Int64 = 2

    @inlinable
    public static func operand(_ code: UInt8) -> Int64 { Int64(code) - operandBias }

    /// The 2-bit two's-complement pattern of the operand: the code with bit 1 flipped.
    @inlinable
    public static func operandBits(_ code: UInt8) -> UInt8 { code ^ 0b10 }
}
