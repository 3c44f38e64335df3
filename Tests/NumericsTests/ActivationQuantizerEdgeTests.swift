import Numerics
import Testing

/// The A8 rule where floats misbehave: NaN and ∞ elements, and an absmax so small that
/// 127 / absmax overflows (the hardware quantizer follows exactly these decisions).
@Suite struct ActivationQuantizerEdgeTests {
    /// A NaN anywhere (first, middle, last; either sign) makes the vector unquantizable,
    /// exactly like ∞: scale 1, every code 0. (Swift.max would have skipped the NaN and
    /// coded it as −127.)
    @Test func nanOrInfinityAnywhereGivesScaleOneAndZeroCodes() {
        for special in [Float.nan, -Float.nan, Float(bitPattern: 0x7F80_0001), .infinity, -.infinity] {
            for position in 0..<3 {
                var values: [Float] = [0.5, -2, 0.25]
                values[position] = special
                let q = ActivationQuantizer.quantize(values)
                #expect(q.scale == 1, "\(special) at \(position)")
                #expect(q.codes == [0, 0, 0], "\(special) at \(position)")
            }
        }
    }

    /// absmax below 127 / Float.greatestFiniteMagnitude: 127 / absmax is +∞, nonzero
    /// elements saturate to ±127, zeros (either sign) stay 0 instead of 0 · ∞ = NaN.
    @Test func tinyAbsmaxKeepsZerosAtZero() {
        let tiny = Float(bitPattern: 0x0000_0400)                 // a subnormal
        #expect((Float(ActivationQuantizer.maxCode) / tiny).isInfinite)
        let q = ActivationQuantizer.quantize([tiny, 0, -tiny / 2, -0.0])
        #expect(q.codes == [127, 0, -127, 0])
        #expect(q.scale == tiny / 127)
    }

    /// Just above the overflow threshold the inverse is finite and the rule is the plain one.
    @Test func smallestAbsmaxWithFiniteInverseCodesNormally() {
        var absmax = Float(ActivationQuantizer.maxCode) / .greatestFiniteMagnitude
        while !(Float(ActivationQuantizer.maxCode) / absmax).isFinite { absmax = absmax.nextUp }
        let q = ActivationQuantizer.quantize([absmax, 0, -absmax / 2])
        let inverse = Float(ActivationQuantizer.maxCode) / absmax
        #expect(q.codes == [127, 0, Int8(roundClamped(-absmax / 2 * inverse, -127...127))])
    }
}
