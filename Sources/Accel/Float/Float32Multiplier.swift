import HDL

/// IEEE binary32 multiplication `a · b`, rounded to nearest even: bit-exact with Swift's
/// `Float * Float` for every input, including ±0, subnormal inputs and results (gradual
/// underflow), overflow to ±infinity, infinities and NaN. A NaN result (a NaN operand, or
/// 0 · ∞) is always `Float32Format.canonicalNaN` (0x7FC00000): payloads do not propagate.
///
/// Ports: `clk`, `ce`, `a`, `b` (32 bits), output `p` (32 bits). Latency 6 enabled cycles,
/// one product per cycle:
/// 1. unpack, classify, exponent sum; registered significands (the DSPs' A/B registers);
/// 2. the 24 × 24 significand product (M register), 3. its pipeline register (P register):
///    two DSP48E2s (24 × 17 and 24 × 7 partial products, 17-bit cascade shift);
/// 4-6. the shared rounding back end (`FloatRoundingBackEnd`).
public enum Float32Multiplier {
    public static let latency = 3 + FloatRoundingBackEnd.latency
    /// A 24 × 24 unsigned product splits into two 27 × 18 signed DSP48E2 multiplies.
    public static let promisedDSPs = 2

    public static func module() throws -> Module {
        try Module("Float32Multiplier") { m in
            let (_, ce) = m.clockAndEnable()
            let a = Float32Fields(m.input("a", .unsigned(32)))
            let b = Float32Fields(m.input("b", .unsigned(32)))
            func delayed(_ name: String, _ value: Signal) -> Signal { m.registered(name, value, enable: ce) }

            // Stage 1. NaN: a NaN operand or 0 · ∞; then ∞ · finite; then 0 · finite.
            let notANumber = a.isNaN || b.isNaN || (a.isZero && b.isInfinity) || (a.isInfinity && b.isZero)
            let special1 = delayed("special_1", SpecialClass.code(notANumber: notANumber, infinity: a.isInfinity || b.isInfinity,
                                                                  zero: a.isZero || b.isZero))
            let sign1 = delayed("sign_1", a.sign ^ b.sign)
            let significandA = delayed("significand_a", a.significand)
            let significandB = delayed("significand_b", b.significand)
            // P = sa · sb has its top bit at 47 or 46; with the top at 47 the value is
            // P / 2^47 · 2^(ea + eb − 253), so the back end's biased exponent is ea + eb − 126.
            let exponentSum = a.effectiveExponent + b.effectiveExponent
            let exponent1 = delayed("exponent_1", (exponentSum.zeroExtendedToSigned() - (Float32Format.bias - 1))
                .resized(to: Float32Format.exponentWorkWidth))

            // Stages 2-3: the significand product through the DSPs' M and P registers.
            let product2 = delayed("product_m", significandA * significandB)
            let product3 = delayed("product_p", product2)
            let exponent3 = delayed("exponent_3", delayed("exponent_2", exponent1))
            let sign3 = delayed("sign_3", delayed("sign_2", sign1))
            let special3 = delayed("special_3", delayed("special_2", special1))

            let backEnd = FloatRoundingBackEnd(m, prefix: "round_", sign: sign3, significand: product3, exponent: exponent3,
                                               sticky: Signal.constant(0, .bit), special: special3, enable: ce)
            m.output("p", backEnd.result)
        }
    }
}
