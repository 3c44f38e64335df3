/// Four INT8 × INT2 products in one DSP48E2: the cross product of two activations and two
/// weights, used in prefill where two tokens meet the same two weights.
///
/// `AD = x1 + (x2 << 18)`, `B = w1 + (w2 << 9)`, so
/// `P = x1·w1 + (x1·w2 << 9) + (x2·w1 << 18) + (x2·w2 << 27)`.
/// Each field is 9 bits; each upper field is corrected by the sign bit just below it.
/// Activations are symmetric INT8 in [-127, 127] (so every product fits 9 signed bits),
/// weights are the signed 2-bit operand in [-2, 1]. No guard bits: no accumulation in P.
public enum CrossProduct8x2 {
    public static let activationOffset = 18
    public static let weightOffset = 9
    /// Field offsets in P of x1·w1, x1·w2, x2·w1, x2·w2.
    public static let fieldOffsets = [0, 9, 18, 27]
    public static let fieldWidth = 9

    @inlinable
    public static func portsAD(x1: Int64, x2: Int64) -> (a: Int64, d: Int64) {
        (x2 << Int64(activationOffset), x1)
    }

    @inlinable
    public static func portB(w1: Int64, w2: Int64) -> Int64 {
        w1 + (w2 << Int64(weightOffset))
    }

    /// Recovers [x1·w1, x1·w2, x2·w1, x2·w2] from P. Every field, the top one included, is
    /// read as the 9 bits the hardware keeps, so the contract is defined (wrapping) for
    /// every 8-bit input, and exact for activations in [-127, 127].
    @inlinable
    public static func unpack(_ p: Int64) -> [Int64] {
        var products = [Int64](repeating: 0, count: 4)
        for (index, offset) in fieldOffsets.enumerated() {
            var value = Bits.signExtend(Bits.field(p, low: offset, width: fieldWidth), width: fieldWidth)
            if offset > 0 { value = Bits.wrapSigned(value + Bits.bit(p, offset - 1), width: fieldWidth) }
            products[index] = value
        }
        return products
    }

    /// The whole DSP computation: [x1·w1, x1·w2, x2·w1, x2·w2].
    @inlinable
    public static func multiply(x1: Int64, x2: Int64, w1: Int64, w2: Int64) -> [Int64] {
        let ports = portsAD(x1: x1, x2: x2)
        let p = DSP48E2.multiply(DSP48E2.preAdd(a: ports.a, d: ports.d), portB(w1: w1, w2: w2))
        return unpack(p)
    }
}
