/// 4-bit KV cache: asymmetric, one (minimum, scale) pair per token per KV head, stored as
/// fp16. Codes are 0...15 and mean `minimum + scale · code`, with the fp16-rounded
/// minimum and scale so that what is stored is exactly what is used.
public struct QuantizedKV: Sendable, Equatable {
    public var codes: [UInt8]
    public var minimum: Float16
    public var scale: Float16

    public init(codes: [UInt8], minimum: Float16, scale: Float16) {
        self.codes = codes
        self.minimum = minimum
        self.scale = scale
    }

    @inlinable
    public func value(at index: Int) -> Float {
        KVQuantizer.dequantize(code: codes[index], minimum: minimum, scale: scale)
    }

    public func dequantized() -> [Float] { (0..<codes.count).map(value(at:)) }
}

public enum KVQuantizer {
    public static let bits = 4
    public static let maxCode = 15

    /// Quantizes one head's key or value vector of one token.
    public static func quantize(_ values: UnsafeBufferPointer<Float>) -> QuantizedKV {
        var codes = [UInt8](repeating: 0, count: values.count)
        let (minimum, scale) = codes.withUnsafeMutableBufferPointer { quantize(values, into: $0) }
        return QuantizedKV(codes: codes, minimum: minimum, scale: scale)
    }

    /// The same rule without allocating (the KV4 cache runs it per head per token): writes
    /// `values.count` codes to `codes` and returns the stored minimum and scale.
    @inlinable
    public static func quantize(_ values: UnsafeBufferPointer<Float>,
                                into codes: UnsafeMutableBufferPointer<UInt8>) -> (minimum: Float16, scale: Float16) {
        precondition(codes.count >= values.count, "code buffer too small")
        var low = Float.infinity, high = -Float.infinity
        for value in values {
            low = min(low, value)
            high = max(high, value)
        }
        if values.isEmpty || !low.isFinite || !high.isFinite { low = 0; high = 0 }
        let minimum = Float16(low)
        let scale = Float16((high - Float(minimum)) / Float(maxCode))
        let step = Float(scale)
        for index in values.indices {
            codes[index] = step > 0 ? UInt8(roundClamped((values[index] - Float(minimum)) / step, 0...maxCode)) : 0
        }
        return (minimum, scale)
    }

    /// The value code `code` stands for: `minimum + scale · code` in fp32 (as `QuantizedKV.value`).
    @inlinable
    public static func dequantize(code: UInt8, minimum: Float16, scale: Float16) -> Float {
        Float(minimum) + Float(scale) * Float(code)
    }

    public static func quantize(_ values: [Float]) -> QuantizedKV {
        values.withUnsafeBufferPointer { quantize($0) }
    }
}
