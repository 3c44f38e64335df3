import HDL
import Numerics

/// Four INT8 × INT2 products in one DSP48E2, the cross product of two activations and two
/// weights (`Numerics.CrossProduct8x2`): `AD = x1 + (x2 << 18)`, `B = w1 + (w2 << 9)`,
/// 9-bit fields at 0, 9, 18, 27 holding x1·w1, x1·w2, x2·w1, x2·w2, each upper field
/// corrected by the bit below it. Used in prefill, where two tokens meet two weights.
///
/// Ports: `clk`, `ce`, `x1`, `x2` (signed 8, in [-127, 127]), `w1`, `w2` (signed 2),
/// outputs `x1w1`, `x1w2`, `x2w1`, `x2w2` (signed 9). Latency 3, one set per cycle.
public enum CrossProductLane {
    public static let latency = 3
    public static let productWidth = CrossProduct8x2.fieldWidth
    public static let outputNames = ["x1w1", "x1w2", "x2w1", "x2w2"]

    public static func module() throws -> Module {
        try Module("CrossProductLane") { m in
            let (_, ce) = m.clockAndEnable()
            let x1 = m.input("x1", .signed(8))
            let x2 = m.input("x2", .signed(8))
            let w1 = m.input("w1", .signed(2))
            let w2 = m.input("w2", .signed(2))

            let weights = w1.extended(to: DSP48E2.bWidth) + (w2 << CrossProduct8x2.weightOffset).extended(to: DSP48E2.bWidth)
            let dsp = DSPDatapath(m, a: x2 << CrossProduct8x2.activationOffset, d: x1,
                                  b: weights.truncated(to: DSP48E2.bWidth), enable: ce)
            let p = m.wire("p", dsp.product)
            for (name, offset) in zip(outputNames, CrossProduct8x2.fieldOffsets) {
                let product = m.register(name + "_r", .signed(productWidth), enable: ce)
                product.assign(correctedField(p, low: offset, width: productWidth).truncated(to: productWidth))
                m.output(name, product)
            }
        }
    }
}
