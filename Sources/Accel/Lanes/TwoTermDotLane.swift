import HDL
import Numerics

/// One 2:4 group's dot product `x1·w1 + x2·w2` per DSP48E2, accumulated in the DSP's own
/// 48-bit P register (`Numerics.TwoTermDot`, k = 15): `AD = (x1 << 15) + x2`,
/// `B = w1 + (w2 << 15)`, and the running sum is `sext15(P[29:15]) + P[14]`.
///
/// Ports: `clk`, `ce`; per cycle one group: `x1`, `x2` (signed 8), `w1`, `w2` (signed 2),
/// `accumulate` (the group counts; 0 leaves P unchanged) and `first` (the group starts a
/// new sum: P is loaded instead of added to). Output `dot` (signed 16) is the sum held in
/// P, three enabled cycles after the group entered. A sum may span at most
/// `maxAccumulatedGroups` groups (32) before it must restart.
public enum TwoTermDotLane {
    public static let latency = 3
    public static let packing = TwoTermDot.standard
    public static var maxAccumulatedGroups: Int { packing.maxAccumulatedGroups }
    /// Width of the extracted sum: the k-bit middle field plus its borrow correction.
    public static var dotWidth: Int { packing.split + 1 }

    public static func module() throws -> Module {
        try Module("TwoTermDotLane") { m in
            let (_, ce) = m.clockAndEnable()
            let x1 = m.input("x1", .signed(8))
            let x2 = m.input("x2", .signed(8))
            let w1 = m.input("w1", .signed(2))
            let w2 = m.input("w2", .signed(2))
            let accumulate = m.input("accumulate")
            let first = m.input("first")
            let k = packing.split

            let weights = w1.extended(to: DSP48E2.bWidth) + (w2 << k).extended(to: DSP48E2.bWidth)
            let dsp = DSPDatapath(m, a: x1 << k, d: x2, b: weights.truncated(to: DSP48E2.bWidth), enable: ce)

            // The control bits travel beside the two DSP stages so they meet their product.
            let accumulateDelayed = m.register("accumulate_d", .bit, enable: ce)
            accumulateDelayed.assign(accumulate)
            let accumulateAtProduct = m.register("accumulate_m", .bit, enable: ce)
            accumulateAtProduct.assign(accumulateDelayed)
            let firstDelayed = m.register("first_d", .bit, enable: ce)
            firstDelayed.assign(first)
            let firstAtProduct = m.register("first_m", .bit, enable: ce)
            firstAtProduct.assign(firstDelayed)

            let width = DSP48E2.accumulatorWidth
            let p = m.register("p", .signed(width), enable: ce && accumulateAtProduct)
            let product = dsp.product.extended(to: width)
            p.assign(mux(firstAtProduct, product, p &+ product))
            m.output("dot", correctedField(p, low: k, width: k))
        }
    }
}
