import Testing
import Compress
import Model

/// The pipeline on the real stories260K: block 0 only, calibrated on a few segments, so
/// it stays within seconds.
@Suite struct SequentialCompressorTests {
    struct Fixture {
        let weights: ModelWeights
        let calibration: CalibrationSegments
    }

    static func fixture() throws -> Fixture? {
        guard let model = SharedData.path("stories260K.bin"), let tokens = SharedData.path("calib_tokens_128x256_seed0.i32") else {
            print("skipped: ../shared/data/stories260K.bin or calib_tokens_128x256_seed0.i32 is absent")
            return nil
        }
        let weights = try Llama2cCheckpoint.load(path: model)
        let calibration = try CalibrationSegments(contentsOf: tokens, segmentLength: 256, vocab: weights.config.vocab).prefix(16)
        return Fixture(weights: weights, calibration: calibration)
    }

    /// Mean squared difference between block 0's outputs under `compressed` and under the
    /// fp32 model, on the calibration segments.
    static func blockZeroError(_ compressed: ModelWeights, reference: ModelWeights, segments: CalibrationSegments) throws -> Double {
        let ours = Transformer(weights: compressed), theirs = Transformer(weights: reference)
        var total = 0.0, count = 0
        for index in 0..<segments.count {
            var a = try ours.embeddings(of: segments[index]), b = a
            try ours.propagate(&a, throughBlock: 0, observer: nil)
            try theirs.propagate(&b, throughBlock: 0, observer: nil)
            for (x, y) in zip(a, b) { total += Double(x - y) * Double(x - y) }
            count += a.count
        }
        return total / Double(count)
    }

    static func blockZeroHessians(_ fixture: Fixture) throws -> BlockHessians {
        let model = Transformer(weights: fixture.weights)
        let hessians = BlockHessians(layer: 0, config: fixture.weights.config)
        for index in 0..<fixture.calibration.count {
            var states = try model.embeddings(of: fixture.calibration[index])
            try model.propagate(&states, throughBlock: 0, observer: hessians)
            try hessians.finishSample()
        }
        return hessians
    }

    /// tr(ΔW H ΔWᵀ) with ΔW = compressed − original (rows of length H's dimension).
    static func outputError(_ compressed: [Float], _ original: [Float], _ hessian: SquareMatrix) -> Double {
        let n = hessian.dimension
        var total = 0.0
        for row in 0..<(original.count / n) {
            let delta = (0..<n).map { Double(compressed[row * n + $0] - original[row * n + $0]) }
            for i in 0..<n {
                for j in 0..<n { total += delta[i] * hessian[i, j] * delta[j] }
            }
        }
        return total
    }

    @Test func obsAndGptqOnBlockZeroBeatMagnitudeAndRoundToNearest() throws {
        guard let fixture = try Self.fixture() else { return }
        var lines: [String] = []
        let obs = try SequentialCompressor(settings: LayerCompressionSettings(pruning: .obs, quantization: .gptq), progress: { lines.append($0) })
            .compress(fixture.weights, calibration: fixture.calibration, blockLimit: 1)
        let baseline = try SequentialCompressor(settings: LayerCompressionSettings(pruning: .magnitude, quantization: .rtn))
            .compress(fixture.weights, calibration: nil, blockLimit: 1)
        #expect(lines.count == 8, "one line for the Hessians, one per site")
        // Only block 0 changed; its sparse form matches what the model now multiplies with.
        #expect(obs.weights.layers[1] == fixture.weights.layers[1])
        let matrices = try #require(obs.sparseQuantized?.first)
        for site in LinearSite.allCases {
            #expect(matrices[site]!.dequantized() == obs.weights.layers[0][site])
            #expect(obs.losses[0][site]! > 0)
        }
        // Every layer's output error on its calibration inputs, tr(ΔW H ΔWᵀ), is smaller.
        let hessians = try Self.blockZeroHessians(fixture)
        for site in LinearSite.allCases {
            let ours = Self.outputError(obs.weights.layers[0][site], fixture.weights.layers[0][site], hessians.hessian(for: site))
            let theirs = Self.outputError(baseline.weights.layers[0][site], fixture.weights.layers[0][site], hessians.hessian(for: site))
            #expect(ours < 0.9 * theirs, "\(site): OBS+GPTQ \(ours) vs magnitude+RTN \(theirs)")
        }
        let obsError = try Self.blockZeroError(obs.weights, reference: fixture.weights, segments: fixture.calibration)
        let baselineError = try Self.blockZeroError(baseline.weights, reference: fixture.weights, segments: fixture.calibration)
        #expect(obsError < baselineError, "block output: OBS+GPTQ \(obsError) vs magnitude+RTN \(baselineError)")
    }

    @Test func wholeModelBecomesARceFileThatReadsBackEqual() throws {
        guard let fixture = try Self.fixture() else { return }
        // Magnitude + RTN needs no calibration pass, so the whole model is quick.
        let settings = LayerCompressionSettings(pruning: .magnitude, quantization: .rtn)
        let result = try SequentialCompressor(settings: settings).compress(fixture.weights, calibration: nil)
        let model = try result.compressedModel(settings: CompressionSettings(groupSize: 32, pruneMethod: "magnitude", quantizer: "rtn"))
        #expect(try RCEReader.decode(RCEWriter.encode(model)) == model)
        for (layer, compressed) in zip(result.weights.layers, model.layers) {
            for site in LinearSite.allCases { #expect(compressed[site].dequantized() == layer[site]) }
        }
        let fp32Only = try SequentialCompressor(settings: LayerCompressionSettings(pruning: .magnitude, quantization: .none))
            .compress(fixture.weights, calibration: nil)
        #expect(throws: CompressionError.self) {
            try fp32Only.compressedModel(settings: CompressionSettings(groupSize: 32, pruneMethod: "magnitude", quantizer: "none"))
        }
    }

    @Test func compensationWithoutCalibrationIsAnError() throws {
        guard let fixture = try Self.fixture() else { return }
        #expect(throws: CompressionError.self) {
            try SequentialCompressor(settings: LayerCompressionSettings()).compress(fixture.weights, calibration: nil)
        }
    }
}
