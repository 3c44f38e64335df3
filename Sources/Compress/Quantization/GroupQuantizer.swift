import Numerics

/// W2 quantization of one row's groups with exactly Numerics' `WeightQuantizer` rules:
/// a group's range gives its mantissa and zero point against the row scale, and a weight
/// becomes the code whose dequantized value the hardware will use.
public enum GroupQuantizer {
    /// Range of the values `value(k)` for `k` in `indices` where `included(k)` (GPTQ's rule:
    /// always containing zero, (-1, 1) when all are zero or none is included).
    public static func range(_ indices: Range<Int>, value: (Int) -> Double, included: (Int) -> Bool) -> (min: Float, max: Float) {
        WeightQuantizer.range(of: indices.lazy.filter(included).map { Float(value($0)) })
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
