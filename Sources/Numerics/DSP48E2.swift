/// The part of the UltraScale+ DSP48E2 datapath our packings use, bit for bit:
/// a 27-bit pre-adder (A + D), a 27 × 18 signed multiplier and a 48-bit accumulator P.
///
/// Every packed rule in this layer runs through this model, so an operand that does not
/// fit a port is caught here rather than silently wrapping in the RTL.
public enum DSP48E2 {
    public static let preAdderWidth = 27
    public static let aWidth = 30
    public static let bWidth = 18
    public static let productWidth = 45
    public static let accumulatorWidth = 48

    /// Pre-adder output: `a + d` in 27 bits. Both operands must already fit the port.
    @inlinable
    public static func preAdd(a: Int64, d: Int64) -> Int64 {
        precondition(Bits.fitsSigned(a, width: aWidth), "A operand \(a) exceeds 30 bits")
        precondition(Bits.fitsSigned(d, width: preAdderWidth), "D operand \(d) exceeds 27 bits")
        return Bits.wrapSigned(a + d, width: preAdderWidth)
    }

    /// The multiplier: a 27-bit by 18-bit signed product (exact in 45 bits).
    @inlinable
    public static func multiply(_ ad: Int64, _ b: Int64) -> Int64 {
        precondition(Bits.fitsSigned(ad, width: preAdderWidth), "AD operand \(ad) exceeds 27 bits")
        precondition(Bits.fitsSigned(b, width: bWidth), "B operand \(b) exceeds 18 bits")
        return ad * b
    }

    /// One accumulate step of the P register: `p + m` wrapped to 48 bits.
    @inlinable
    public static func accumulate(_ p: Int64, _ m: Int64) -> Int64 {
        Bits.wrapSigned(p &+ m, width: accumulatorWidth)
    }
}
