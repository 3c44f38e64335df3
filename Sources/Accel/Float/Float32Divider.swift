import HDL

/// IEEE binary32 division `a / b`, rounded to nearest even: bit-exact with Swift's
/// `Float / Float` for every input (±0, subnormals in and out, overflow, ∞, NaN). A NaN
/// result (a NaN operand, 0/0, ∞/∞) is `Float32Format.canonicalNaN`; x/0 is ±∞ for x ≠ 0.
///
/// Fully pipelined restoring division, one quotient bit per stage, so a new division can
/// enter every cycle (the activation quantizer issues one per vector, and vectors may be
/// a single beat long). Ports: `clk`, `ce`, `a`, `b` (32 bits), output `q` (32 bits).
/// Stages: 1 unpack and classify; 2 normalise subnormal significands; 3-29 the 27
/// quotient bits (24 kept, a guard bit, the bit a quotient below 1 needs, and the
/// remainder as sticky); 30-32 the shared rounding back end. Latency 32; no DSP.
public enum Float32Divider {
    public static let quotientBits = Float32Format.significandBits + 3
    public static let latency = 2 + quotientBits + FloatRoundingBackEnd.latency
    public static let promisedDSPs = 0

    public static func module() throws -> Module {
        try Module("Float32Divider") { m in
            let (_, ce) = m.clockAndEnable()
            let a = Float32Fields(m.input("a", .unsigned(32)))
            let b = Float32Fields(m.input("b", .unsigned(32)))
            func delayed(_ name: String, _ value: Signal) -> Signal { m.registered(name, value, enable: ce) }
            let significandWidth = Float32Format.significandBits
            let workWidth = Float32Format.exponentWorkWidth

            // Stage 1. NaN: a NaN operand, 0/0 or ∞/∞; then ∞/finite and x/0; then 0/x and x/∞.
            let notANumber = a.isNaN || b.isNaN || (a.isZero && b.isZero) || (a.isInfinity && b.isInfinity)
            let special1 = delayed("special_1", SpecialClass.code(notANumber: notANumber, infinity: a.isInfinity || b.isZero,
                                                                  zero: a.isZero || b.isInfinity))
            let sign1 = delayed("sign_1", a.sign ^ b.sign)
            let significandA1 = delayed("significand_a_1", a.significand)
            let significandB1 = delayed("significand_b_1", b.significand)
            let exponentA1 = delayed("exponent_a_1", a.effectiveExponent)
            let exponentB1 = delayed("exponent_b_1", b.effectiveExponent)

            // Stage 2: shift subnormal significands up to a set top bit, lowering their
            // exponents, so the quotient of significands lies in (1/2, 2).
            let shiftA = m.wire("shift_a", leadingZeroCount(significandA1).truncated(to: 5))
            let shiftB = m.wire("shift_b", leadingZeroCount(significandB1).truncated(to: 5))
            let normalA = delayed("significand_a_2", significandA1.shiftedLeft(by: shiftA))
            let normalB = delayed("significand_b_2", significandB1.shiftedLeft(by: shiftB))
            // a / b = (sa / sb) · 2^(ea − eb); the quotient's top bit (weight 2^0) sits at
            // bit 26 of the 27-bit quotient, so the back end's biased exponent is ea − eb + 127.
            let exponentA = exponentA1.zeroExtendedToSigned() - shiftA.zeroExtendedToSigned()
            let exponentB = exponentB1.zeroExtendedToSigned() - shiftB.zeroExtendedToSigned()
            let exponent2 = delayed("exponent_2", (exponentA - exponentB + Float32Format.bias).resized(to: workWidth))
            let sign2 = delayed("sign_2", sign1)
            let special2 = delayed("special_2", special1)

            // Stages 3...: restoring division. The partial remainder stays below 2 · sb, so
            // 25 bits hold it; each stage decides one quotient bit.
            var remainder = normalA.extended(to: significandWidth + 1)
            var divisor = normalB
            var quotient: Signal?
            var exponent = exponent2, sign = sign2, special = special2
            for step in 0..<quotientBits {
                let fits = remainder >= divisor.extended(to: remainder.width)
                let reduced = mux(fits, (remainder - divisor.extended(to: remainder.width)).truncated(to: remainder.width), remainder)
                let bits = quotient.map { Signal.concat($0, fits) } ?? fits
                let stage = step + 3
                quotient = delayed("quotient_\(stage)", bits)
                // The last stage keeps the remainder itself: nonzero means inexact.
                remainder = step == quotientBits - 1
                    ? delayed("remainder_\(stage)", reduced)
                    : delayed("remainder_\(stage)", (reduced << 1).truncated(to: remainder.width))
                if step < quotientBits - 1 { divisor = delayed("divisor_\(stage)", divisor) }
                exponent = delayed("exponent_\(stage)", exponent)
                sign = delayed("sign_\(stage)", sign)
                special = delayed("special_\(stage)", special)
            }

            let backEnd = FloatRoundingBackEnd(m, prefix: "round_", sign: sign, significand: quotient!, exponent: exponent,
                                               sticky: remainder != 0, special: special, enable: ce)
            m.output("q", backEnd.result)
        }
    }
}
