import HDL
import Numerics

/// A row's real output from its exact integer sum, `Numerics.SparseDotProduct.output`:
/// `y = (Float(rowSum) · rowScale) · activationScale` in binary32, each step rounded to
/// nearest even, in that order (the two scales are never multiplied together first).
///
/// Ports: `clk`, `ce`, `rst_n` (active-low, synchronous; only the valid bits are reset),
/// `in_valid`, `row_sum` (signed `rowSumWidth`), `row_scale`, `activation_scale` (binary32
/// bits); outputs `out_valid`, `y` (binary32 bits). One row per enabled cycle, latency
/// `latency` (16) enabled cycles: an `IntegerToFloat32` (4), then two
/// `Float32Multiplier`s (6 each), with the scales delayed to meet them. `y` is valid
/// with `out_valid` only. DSP48E2s: 4 (two per multiplier).
public struct RowScaleUnit: Sendable, Hashable {
    public let rowSumWidth: Int
    public let converter: IntegerToFloat32

    public static let latency = IntegerToFloat32.latency + 2 * Float32Multiplier.latency
    public init(rowSumWidth: Int) throws {
        converter = try IntegerToFloat32(width: rowSumWidth)
        self.rowSumWidth = rowSumWidth
    }

    public var promisedDSPs: Int { 2 * Float32Multiplier.promisedDSPs }

    public func module() throws -> Module {
        let toFloat = try converter.module()
        let multiplier = try Float32Multiplier.module()
        let width = rowSumWidth
        return try Module("RowScaleUnit", parameters: ["w": width]) { m in
            let (clk, ce, _) = m.clockEnableAndReset()
            let inValid = m.input("in_valid")
            let rowSum = m.input("row_sum", .signed(width))
            let rowScale = m.input("row_scale", .unsigned(32))
            let activationScale = m.input("activation_scale", .unsigned(32))

            func delay(_ name: String, _ value: Signal, by cycles: Int, resetValue: Int? = nil) -> Signal {
                m.delayed(name, value, by: cycles, resetValue: resetValue, enable: ce)
            }

            // Every block's output is a register, so blocks chain directly; the scales
            // wait for the value they multiply.
            let converted = m.instance(toFloat, name: "to_float", inputs: ["clk": clk, "ce": ce, "x": rowSum])
            let first = m.instance(multiplier, name: "row_scale_mul", inputs: [
                "clk": clk, "ce": ce, "a": converted["y"],
                "b": delay("row_scale_d", rowScale, by: IntegerToFloat32.latency),
            ])
            let second = m.instance(multiplier, name: "activation_scale_mul", inputs: [
                "clk": clk, "ce": ce, "a": first["p"],
                "b": delay("activation_scale_d", activationScale, by: IntegerToFloat32.latency + Float32Multiplier.latency),
            ])
            m.output("out_valid", delay("valid", inValid, by: Self.latency, resetValue: 0))
            m.output("y", second["p"])
        }
    }
}
