import Model
import Numerics
import Testing

/// The forward pass quantizes the vector that q, k, v (and w1, w3) read once: the logits
/// are bit for bit those of layers that each quantize their input themselves.
@Suite(.enabled(if: SharedData.available, "shared data absent"))
struct SharedQuantizationTests {
    /// An integer layer hidden behind another type, so the forward pass cannot hand it
    /// shared codes and it quantizes its input on its own (the path before sharing).
    struct QuantizingAlone: LinearLayer {
        let layer: IntegerLinear
        var inputCount: Int { layer.inputCount }
        var outputCount: Int { layer.outputCount }
        func apply(_ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>) { layer.apply(input, output) }
    }

    static func unshared(_ model: Transformer) -> Transformer {
        for index in model.blocks.indices {
            for site in LinearSite.allCases {
                model.blocks[index][site] = QuantizingAlone(layer: model.blocks[index][site] as! IntegerLinear)
            }
        }
        return model
    }

    @Test(arguments: [IntegerPathOptions(), IntegerPathOptions(kvStorage: .fp32, window: AttentionWindow(sinks: 2, recent: 20))])
    func sharedCodesGiveTheSameLogits(options: IntegerPathOptions) throws {
        let model = try #require(IntegerPathTests.compressed)
        let tokens = try IntegerPathTests.text(64)
        let shared = try IntegerPathTests.logits(Transformer(compressed: model, options: options), tokens)
        let alone = try IntegerPathTests.logits(Self.unshared(Transformer(compressed: model, options: options)), tokens)
        #expect(shared.map { $0.map(\.bitPattern) } == alone.map { $0.map(\.bitPattern) })
    }

    /// One `ActivationCodes` reused for vectors of different lengths: a shorter vector
    /// after a longer one reads zeros past its end, as a fresh buffer does.
    @Test func codesOfAShorterVectorArePaddedWithZeros() {
        let codes = ActivationCodes(capacity: 20)
        let long = (0..<20).map { Float($0) - 9.5 }, short: [Float] = [0.5, -2, 1]
        long.withUnsafeBufferPointer { codes.quantize($0) }
        short.withUnsafeBufferPointer { codes.quantize($0) }
        let expected = ActivationQuantizer.quantize(short)
        #expect(codes.count == 3 && codes.scale == expected.scale && codes.int8Codes == expected.codes)
        #expect(Array(codes.wideCodes) == expected.codes.map(Float.init) + [Float](repeating: 0, count: codes.paddedCapacity - 3))
        #expect(codes.paddedCapacity == 24)
    }
}
