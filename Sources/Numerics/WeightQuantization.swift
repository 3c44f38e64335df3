/// 2-bit group-wise asymmetric weight quantization, with scales in the form the hardware
/// stores them: an fp32 scale per output row and a 6-bit mantissa per group,
/// `groupScale = Float(mantissa) · rowScale`. The product `mantissa · groupSum` is then an
/// exact integer (see `SparseDotProduct`), and one fp32 multiply per row finishes it.
///
/// A group's parameters are one byte as stored and streamed: bits [5:0] the mantissa,
/// [7:6] the zero point. Six bits cost no measured perplexity against eight on stories260K
/// (docs/benchmarks.md) and halve the parameter stream.
public struct WeightGroupParameters: Sendable, Hashable {
    public static let mantissaBits = 6
    /// Group scale mantissa, 1...`WeightQuantizer.maxScaleMantissa`.
    public var scaleMantissa: UInt8
    /// Zero point, 0...3: the code that means 0.
    public var zero: UInt8

    public init(scaleMantissa: UInt8, zero: UInt8) {
        self.scaleMantissa = scaleMantissa
        self.zero = zero
    }

    /// Unpacks a stored byte. Mantissa 0 (no scale) unpacks too: readers reject it with
    /// their other range checks.
    public init(byte: UInt8) {
        self.init(scaleMantissa: byte & WeightQuantizer.maxScaleMantissa, zero: byte >> Self.mantissaBits)
    }

    /// The stored byte, for parameters in range (mantissa 1...63, zero 0...3).
    public var byte: UInt8 {
        precondition(scaleMantissa <= WeightQuantizer.maxScaleMantissa && zero <= WeightCode.maxCode, "group parameters out of range")
        return scaleMantissa | zero << Self.mantissaBits
    }

    /// The scale this group dequantizes with, given its row's scale.
    @inlinable
    public func scale(rowScale: Float) -> Float { Float(scaleMantissa) * rowScale }
}

public enum WeightQuantizer {
    public static let maxScaleMantissa = UInt8(1 << WeightGroupParameters.mantissaBits - 1)
    public static let codeRange = 0...Int(WeightCode.maxCode)

    /// The quantization range of a group, as GPTQ takes it: always containing zero,
    /// and (-1, 1) for an all-zero group so the scale is never zero.
    public static func range<C: Collection>(of values: C) -> (min: Float, max: Float) where C.Element == Float {
        var low: Float = 0, high: Float = 0
        for value in values {
            low = Swift.min(low, value)
            high = Swift.max(high, value)
        }
        if low == 0 && high == 0 { return (-1, 1) }
        return (low, high)
    }

    /// The unconstrained fp32 group scale and zero point for a range (GPTQ's rule).
    public static func floatParameters(min: Float, max: Float) -> (scale: Float, zero: UInt8) {
        let scale = (max - min) / Float(WeightCode.levels - 1)
        return (scale, UInt8(roundClamped(-min / scale, codeRange)))
    }

    /// The row scale for a row whose largest group scale is `maxGroupScale`: the largest
    /// group gets the full mantissa. `headroom` > 1 leaves room for groups that grow
    /// during error compensation.
    public static func rowScale(maxGroupScale: Float, headroom: Float = 1) -> Float {
        let scale = maxGroupScale * headroom / Float(maxScaleMantissa)
        return scale > 0 && scale.isFinite ? scale : 1
    }

    /// Representable group parameters for a range: the mantissa nearest the ideal scale,
    /// then the zero point for that (snapped) scale.
    public static func parameters(min: Float, max: Float, rowScale: Float) -> WeightGroupParameters {
        let ideal = (max - min) / Float(WeightCode.levels - 1)
        let mantissa = roundClamped(ideal / rowScale, 1...Int(maxScaleMantissa))
        let scale = Float(mantissa) * rowScale
        let zero = roundClamped(-min / scale, codeRange)
        return WeightGroupParameters(scaleMantissa: UInt8(mantissa), zero: UInt8(zero))
    }

    /// The code of `weight` at `scale` and `zero`: clamp(round(w / scale) + zero, 0, 3).
    @inlinable
    public static func code(_ weight: Float, scale: Float, zero: UInt8) -> UInt8 {
        let shifted = (weight / scale).rounded(.toNearestOrEven) + Float(zero)
        return UInt8(roundClamped(shifted, codeRange))
    }

    @inlinable
    public static func dequantize(code: UInt8, scale: Float, zero: UInt8) -> Float {
        scale * Float(Int(code) - Int(zero))
    }
}
