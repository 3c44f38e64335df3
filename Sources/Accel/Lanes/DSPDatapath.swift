import HDL
import Numerics

/// The part of a DSP48E2 that every packed lane uses, written as plain fabric logic in
/// the shape synthesis maps onto one DSP48E2: a registered pre-adder `AD = A + D` wrapped
/// to 27 bits (ADREG), a registered 18-bit `B` (BREG), and a registered 27 × 18 product
/// (MREG). The widths come from `Numerics.DSP48E2`, so the RTL and the Swift model
/// cannot drift apart.
struct DSPDatapath {
    /// The registered 45-bit product, two enabled clock edges after A, D and B.
    let product: Signal

    /// Builds the pre-adder, B and multiplier stages in `m`, all enabled by `enable`.
    /// `a` must fit 30 signed bits, `d` 27 and `b` 18 (checked here, at the caller's line).
    init(_ m: ModuleBuilder, prefix: String = "dsp_", a: Signal, d: Signal, b: Signal, enable: Signal,
         file: String = #fileID, line: Int = #line) {
        let preAdderWidth = DSP48E2.preAdderWidth
        // The DSP pre-adder wraps at 27 bits; operands never need the wrap (Numerics
        // checks they fit), so truncating the exact sum is the DSP's behaviour.
        let sum = (a.extended(to: max(a.width, preAdderWidth), file: file, line: line)
            + d.extended(to: max(d.width, preAdderWidth), file: file, line: line))
        let preAdded = m.register(prefix + "ad", .signed(preAdderWidth), enable: enable, file: file, line: line)
        preAdded.assign(sum.truncated(to: preAdderWidth, file: file, line: line), file: file, line: line)
        let bRegister = m.register(prefix + "b", .signed(DSP48E2.bWidth), enable: enable, file: file, line: line)
        bRegister.assign(b, file: file, line: line)
        let multiplied = m.register(prefix + "m", .signed(DSP48E2.productWidth), enable: enable, file: file, line: line)
        multiplied.assign(preAdded * bRegister, file: file, line: line)
        product = multiplied
    }
}

/// Field extraction shared by the packed lanes: `sext(P[low +: width]) + P[low - 1]`,
/// the upper field of a packed product corrected by the sign (borrow) of the field below.
func correctedField(_ p: Signal, low: Int, width: Int, correction: Bool = true,
                    file: String = #fileID, line: Int = #line) -> Signal {
    let field = p[low..<(low + width)].asSigned()
    guard correction, low > 0 else { return field.extended(to: width + 1, file: file, line: line) }
    return field + p[low - 1].zeroExtendedToSigned()
}
