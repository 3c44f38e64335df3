import Foundation
import Numerics

/// W2 quantization of one row's groups with exactly Numerics' `WeightQuantizer` rules:
/// a group's range gives its mantissa and zero point against the row scale, and a weight
/// becomes the code whose dequantized value the hardware will use.
public enum GroupQuantizer {
    /// GPTQ's parameters for `values`: their full range (always containing zero).
    public static func parameters(_ values: [Float], rowScale: Float) -> WeightGroupParameters {
        let range = WeightQuantizer.range(of: values)
        return WeightQuantizer.parameters(min: range.min, max: range.max, rowScale: rowScale)
    }

    /// The official GPTQ quantizer's `mse` option: the range shrunk by the factor in
    /// 1, 0.99, ..., 0.21 whose quantization error Σ |q − w|^2.4 is least (the first on ties),
    /// so a few outliers no longer stretch the grid of the whole group.
    public static func clippedParameters(_ values: [Float], rowScale: Float) -> WeightGroupParameters {
        let range = WeightQuantizer.range(of: values)
        var best = WeightQuantizer.parameters(min: range.min, max: range.max, rowScale: rowScale)
        var bestError = Float.infinity
        for step in 0..<80 {
            let shrink = 1 - Float(step) / 100
            let candidate = WeightQuantizer.parameters(min: range.min * shrink, max: range.max * shrink, rowScale: rowScale)
            let scale = candidate.scale(rowScale: rowScale)
            var error: Float = 0
            for value in values {
                let q = WeightQuantizer.dequantize(code: WeightQuantizer.code(value, scale: scale, zero: candidate.zero), scale: scale, zero: candidate.zero)
                error += pow(abs(q - value), 2.4)
            }
            if error < bestError {
                best = candidate
                bestError = error
            }
        }
        return best
    }

    /// The ideal (unsnapped) scale of a range.
    public static func idealScale(_ range: (min: Float, max: Float)) -> Float {
        WeightQuantizer.floatParameters(min: range.min, max: range.max).scale
    }

    /// The dequantized value and code of `weight` under `parameters`.
    @inlinable
    public static func quantize(_ weight: Double, parameters: WeightGroupParameters, rowScale: Float) -> (code: UInt8, value: Float) {
        let scale = parameters.scale(rowScale: rowScale)
        let code = WeightQuantizer.code(Float(weight), scale: scale, zero: parameters.zero)
        return (code, WeightQuantizer.dequantize(code: code, scale: scale, zero: parameters.zero))
    }
}
