import HDL
import Numerics

/// The 2:4 sparse selector: for each of `lanes` groups of four INT8 activations it routes
/// the two that the group's weight byte names to a lane, with the two kept weights'
/// signed operands (`Numerics.SparseGroup`: byte bits [1:0] and [3:2] index the kept
/// activations, [5:4] and [7:6] are their 2-bit codes; the operand is the code with bit 1
/// flipped, `WeightCode.operandBits`).
///
/// Ports: `clk`, `ce`, `activations` (`32 × lanes` bits, group j at bits `32j +: 32`,
/// activation i of a group at `8i +: 8`), `weights` (`8 × lanes` bits, byte j for group j);
/// outputs per lane j `x1_j`, `x2_j` (signed 8), `w1_j`, `w2_j` (signed 2), registered:
/// latency 1. The selector routes by the index bits as they are; bytes whose indices are
/// not first < second never come from a valid `.rce` stream (the reader rejects them).
public enum SparseSelector {
    public static let latency = 1
    public static let activationWidth = 8

    public static func module(lanes: Int) throws -> Module {
        try Module("SparseSelector", parameters: ["lanes": lanes]) { m in
            let (_, ce) = m.clockAndEnable()
            let activations = m.input("activations", .unsigned(lanes * SparseGroup.denseWidth * activationWidth))
            let weights = m.input("weights", .unsigned(lanes * 8))
            for lane in 0..<lanes {
                let base = lane * SparseGroup.denseWidth * activationWidth
                let group = (0..<SparseGroup.denseWidth).map { i in
                    activations[(base + i * activationWidth)..<(base + (i + 1) * activationWidth)]
                }
                let byte = weights[(lane * 8)..<(lane * 8 + 8)]
                route(m, lane: lane, enable: ce, name: "x1", value: Signal.pick(group, at: byte[0...1]).asSigned())
                route(m, lane: lane, enable: ce, name: "x2", value: Signal.pick(group, at: byte[2...3]).asSigned())
                // Flipping bit 1 of the code gives the two's-complement operand code − 2.
                route(m, lane: lane, enable: ce, name: "w1", value: Signal.concat(~byte[5], byte[4]).asSigned())
                route(m, lane: lane, enable: ce, name: "w2", value: Signal.concat(~byte[7], byte[6]).asSigned())
            }
        }
    }

    private static func route(_ m: ModuleBuilder, lane: Int, enable: Signal, name: String, value: Signal) {
        m.output("\(name)_\(lane)", m.registered("\(name)_r\(lane)", value, enable: enable))
    }
}
