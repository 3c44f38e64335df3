/// Two signed INT8 × INT8 products sharing one operand in one DSP48E2 (Xilinx WP486).
///
/// `AD = (a << 18) + b` (A carries `a << 18`, D carries `b`), `B = c`, `P = AD · c`.
/// Then `b·c = sext18(P[17:0])` and `a·c = P[47:18] + P[17]`: the low product's sign
/// borrows one from the high field, so the high field is corrected by the low field's
/// sign bit. Without the correction 8,323,072 of the 2^24 cases are wrong.
public enum SharedOperandPair {
    /// Bit position of the high product's field in P.
    public static let highFieldOffset = 18
    /// Width of the operands a, b, c.
    public static let operandWidth = 8
    /// Full-range products the low field can accumulate before it overflows (see docs).
    public static let maxAccumulatedProducts = 7

    /// The A and D port values the fabric feeds the DSP for the pair (a, b).
    @inlinable
    public static func portsAD(a: Int64, b: Int64) -> (a: Int64, d: Int64) {
        (a << Int64(highFieldOffset), b)
    }

    /// Recovers (a·c, b·c) from the P register.
    @inlinable
    public static func unpack(_ p: Int64) -> (high: Int64, low: Int64) {
        let low = Bits.signExtend(Bits.field(p, low: 0, width: highFieldOffset), width: highFieldOffset)
        let highField = Bits.signExtend(
            Bits.field(p, low: highFieldOffset, width: DSP48E2.accumulatorWidth - highFieldOffset),
            width: DSP48E2.accumulatorWidth - highFieldOffset)
        return (highField + Bits.bit(p, highFieldOffset - 1), low)
    }

    /// The whole DSP computation: returns (a·c, b·c) for signed 8-bit a, b, c.
    @inlinable
    public static func multiply(a: Int64, b: Int64, c: Int64) -> (ac: Int64, bc: Int64) {
        let ports = portsAD(a: a, b: b)
        let p = DSP48E2.multiply(DSP48E2.preAdd(a: ports.a, d: ports.d), c)
        let (high, low) = unpack(p)
        return (high, low)
    }
}
