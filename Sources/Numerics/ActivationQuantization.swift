/// 8-bit activations: symmetric, per token (one scale per vector), codes in [-127, 127].
///
/// -128 is never produced: the INT8×INT2 cross-product packing needs every product to fit
/// 9 signed bits, and a symmetric range keeps negation exact.
public struct QuantizedActivations: Sendable, Equatable {
    public var codes: [Int8]
    /// Real value of code 1.
    public var scale: Float

    public init(codes: [Int8], scale: Float) {
        self.codes = codes
        self.scale = scale
    }
}

public enum ActivationQuantizer {
    public static let maxCode = 127

    /// `scale = absmax / 127`; `code = clamp(round_even(x · (127 / absmax)), ±127)`.
    /// An all-zero vector, and one whose absmax is not finite (an ∞ or a NaN element: NaN
    /// wins the maximum), gets scale 1 and zero codes. A zero element codes 0 even when
    /// `127 / absmax` overflows to ∞ (absmax below 127 / Float.greatestFiniteMagnitude),
    /// where `0 · ∞` would be NaN.
    public static func quantize(_ values: UnsafeBufferPointer<Float>) -> QuantizedActivations {
        var codes = [Int8](repeating: 0, count: values.count)
        let scale = codes.withUnsafeMutableBufferPointer { quantize(values, into: $0) }
        return QuantizedActivations(codes: codes, scale: scale)
    }

    /// The same rule without allocating (the integer path runs it per linear per token):
    /// writes `values.count` codes to `codes` and returns the scale.
    @inlinable
    public static func quantize(_ values: UnsafeBufferPointer<Float>, into codes: UnsafeMutableBufferPointer<Int8>) -> Float {
        precondition(codes.count >= values.count, "code buffer too small")
        var absmax: Float = 0
        // NaN must win (Swift.max would drop it): non-negative floats, NaN included, order
        // exactly like their bit patterns, which is also how the hardware compares them.
        for value in values { absmax = Float(bitPattern: Swift.max(absmax.bitPattern, abs(value).bitPattern)) }
        guard absmax > 0, absmax.isFinite else {
            for index in values.indices { codes[index] = 0 }
            return 1
        }
        let inverse = Float(maxCode) / absmax
        for index in values.indices {
            let value = values[index]
            codes[index] = value == 0 ? 0 : Int8(roundClamped(value * inverse, -maxCode...maxCode))
        }
        return absmax / Float(maxCode)
    }

    public static func quantize(_ values: [Float]) -> QuantizedActivations {
        values.withUnsafeBufferPointer { quantize($0) }
    }
}
