import HDL
import Numerics

/// Two signed INT8 × INT8 products sharing the operand `c` in one DSP48E2
/// (`Numerics.SharedOperandPair`, Xilinx WP486): `A = a << 18`, `D = b`, `B = c`, then
/// `b·c = sext18(P[17:0])` and `a·c = sext30(P[47:18]) + P[17]`.
///
/// Ports: `clk`, `ce`, `a`, `b`, `c` (signed 8), outputs `ac`, `bc` (signed 16).
/// Latency 3 enabled cycles (pre-adder/B, product, extraction), one pair per cycle.
public enum SharedOperandLane {
    public static let latency = 3
    public static let operandWidth = SharedOperandPair.operandWidth
    /// Exact width of one product of two signed 8-bit numbers.
    public static let productWidth = 2 * SharedOperandPair.operandWidth

    /// - Parameter signCorrection: false builds the lane without WP486's correction of the
    ///   high field, the classic packing bug; only fault-injection tests want that.
    public static func module(signCorrection: Bool = true) throws -> Module {
        let parameters: KeyValuePairs<String, any CustomStringConvertible> = signCorrection ? [:] : ["fault": "nocorrection"]
        return try Module("SharedOperandLane", parameters: parameters) { m in
            let (_, ce) = m.clockAndEnable()
            let a = m.input("a", .signed(operandWidth))
            let b = m.input("b", .signed(operandWidth))
            let c = m.input("c", .signed(operandWidth))

            let offset = SharedOperandPair.highFieldOffset
            let dsp = DSPDatapath(m, a: a << offset, d: b, b: c, enable: ce)
            let p = m.wire("p", dsp.product)

            let high = correctedField(p, low: offset, width: DSP48E2.productWidth - offset, correction: signCorrection)
            let low = correctedField(p, low: 0, width: offset)
            let ac = m.register("ac_r", .signed(productWidth), enable: ce)
            ac.assign(high.truncated(to: productWidth))
            let bc = m.register("bc_r", .signed(productWidth), enable: ce)
            bc.assign(low.truncated(to: productWidth))
            m.output("ac", ac)
            m.output("bc", bc)
        }
    }
}
