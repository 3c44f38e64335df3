import Numerics

/// One input vector quantized to A8 (`ActivationQuantizer`, one scale per vector) in the
/// form the integer linear layers read: the codes as fp32 numbers (exact), zero-padded
/// to whole SIMD lanes (`IntegerRowWeights`' activation layout), and the scale.
///
/// The forward pass quantizes a vector once for all the layers that read it (q, k and v
/// read the attention norm's output; w1 and w3 the FFN norm's), which are the very codes
/// and scale each layer would compute alone: quantization is a function of the vector.
public final class ActivationCodes {
    /// Largest vector this holds.
    public let capacity: Int
    /// Length of the vector quantized last.
    public private(set) var count = 0
    /// Real value of code 1 for that vector.
    public private(set) var scale: Float = 1
    /// `count` codes as fp32, then zeros to `paddedCapacity`.
    public let wideCodes: UnsafeMutableBufferPointer<Float>
    private let codes: UnsafeMutableBufferPointer<Int8>

    public var paddedCapacity: Int { wideCodes.count }

    public init(capacity: Int) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
        let lanes = IntegerRowWeights.lanes
        wideCodes = .allocate(capacity: (capacity + lanes - 1) / lanes * lanes)
        wideCodes.initialize(repeating: 0)
        codes = .allocate(capacity: capacity)
        codes.initialize(repeating: 0)
    }

    deinit {
        wideCodes.deallocate()
        codes.deallocate()
    }

    /// Quantizes `input` (at most `capacity` numbers); the codes past it read as zero.
    public func quantize(_ input: UnsafeBufferPointer<Float>) {
        precondition(input.count <= capacity, "vector longer than the code buffer")
        scale = ActivationQuantizer.quantize(input, into: UnsafeMutableBufferPointer(rebasing: codes[0..<input.count]))
        for index in 0..<input.count { wideCodes[index] = Float(codes[index]) }
        for index in input.count..<max(count, input.count) { wideCodes[index] = 0 }
        count = input.count
    }

    /// The A8 codes of the vector quantized last.
    public var int8Codes: [Int8] { Array(codes[0..<count]) }
}
