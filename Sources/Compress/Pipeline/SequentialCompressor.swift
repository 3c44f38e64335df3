import Foundation
import Model

/// A model after the sequential pipeline: the weights every layer now multiplies with
/// (fp32; pruned zeros and dequantized codes), and the hardware form when the layers
/// were both 2:4-pruned and W2-quantized.
public struct SequentialCompressionResult: Sendable {
    public let weights: ModelWeights
    /// Per block, every site's `SparseQuantizedMatrix` (2:4 + W2 only).
    public let sparseQuantized: [[LinearSite: SparseQuantizedMatrix]]?
    /// Per block, every site's OBS loss (0 without error compensation).
    public let losses: [[LinearSite: Double]]

    /// The model as the `.rce` format stores it (2:4 + W2 only).
    public func compressedModel(settings: CompressionSettings) throws -> CompressedModel {
        guard let sparseQuantized else {
            throw CompressionError.invalidSettings("only a 2:4-pruned, W2-quantized model has the sparse W2 form the .rce format stores")
        }
        let config = weights.config
        let layers = zip(weights.layers, sparseQuantized).map { layer, matrices in
            CompressedLayer(attentionNorm: layer.attentionNorm, ffnNorm: layer.ffnNorm, matrices: matrices)
        }
        return try CompressedModel(config: config, settings: settings, embedding: weights.embedding, layers: layers,
                                   finalNorm: weights.finalNorm, classifier: config.sharedClassifier ? nil : weights.classifier)
    }
}

/// SparseGPT/GPTQ's sequential order: block by block, each calibrated on the outputs of
/// the blocks already compressed. For block l: one pass of every calibration segment
/// through the uncompressed block gathers the Hessians of all seven sites (they all see
/// the same block inputs), the seven layers are compressed, and a pass through the
/// compressed block gives block l+1's inputs. Embedding, norms and classifier stay fp32.
/// Without error compensation (magnitude, RTN) no calibration pass is needed.
public struct SequentialCompressor {
    public let settings: LayerCompressionSettings
    /// One line per compressed layer (and per block's passes), for stderr.
    public let progress: (String) -> Void

    public init(settings: LayerCompressionSettings, progress: @escaping (String) -> Void = { _ in }) {
        self.settings = settings
        self.progress = progress
    }

    /// Compresses the first `blockLimit` blocks (all by default); later blocks stay fp32.
    public func compress(_ weights: ModelWeights, calibration: CalibrationSegments?, blockLimit: Int? = nil) throws -> SequentialCompressionResult {
        let config = weights.config
        for site in LinearSite.allCases { try settings.validate(columns: site.shape(in: config).columns) }
        let blocks = Swift.min(blockLimit ?? config.layers, config.layers)
        let model = Transformer(weights: weights)
        var states: [[Float]] = []
        if settings.compensatesErrors {
            guard let calibration, calibration.count > 0 else {
                throw CompressionError.invalidSettings("\(settings.pruning)/\(settings.quantization) needs calibration segments")
            }
            guard calibration.segmentLength <= config.seqLen else {
                throw CompressionError.invalidSettings("calibration segments of \(calibration.segmentLength) tokens exceed the model's context of \(config.seqLen)")
            }
            states = try (0..<calibration.count).map { try model.embeddings(of: calibration[$0]) }
        }
        var layers = weights.layers
        var sparseQuantized: [[LinearSite: SparseQuantizedMatrix]] = []
        var losses: [[LinearSite: Double]] = []
        let wantsSparseForm = settings.pruning != .none && settings.quantization != .none
        for layer in 0..<blocks {
            var hessians: BlockHessians?
            if settings.compensatesErrors {
                let start = Date()
                let collector = BlockHessians(layer: layer, config: config)
                for index in states.indices {
                    var probe = states[index]
                    try model.propagate(&probe, throughBlock: layer, observer: collector)
                    try collector.finishSample()
                }
                hessians = collector
                progress("block \(layer): Hessians from \(states.count) segments (\(Self.seconds(since: start)))")
            }
            var matrices: [LinearSite: SparseQuantizedMatrix] = [:]
            var blockLosses: [LinearSite: Double] = [:]
            for site in LinearSite.allCases {
                let start = Date()
                let shape = site.shape(in: config)
                let result = try LayerCompressor(settings: settings).compress(
                    weights: layers[layer][site], rows: shape.rows, columns: shape.columns, hessian: hessians?.hessian(for: site))
                layers[layer][site] = result.weights
                blockLosses[site] = result.loss
                if wantsSparseForm { matrices[site] = try result.sparseQuantized() }
                let loss = settings.compensatesErrors ? ": OBS loss \(String(format: "%.4g", result.loss))" : ""
                progress("block \(layer) \(site.weightName) [\(shape.rows)×\(shape.columns)]\(loss) (\(Self.seconds(since: start)))")
            }
            losses.append(blockLosses)
            if wantsSparseForm { sparseQuantized.append(matrices) }
            model.blocks[layer] = TransformerBlock(dense: layers[layer], config: config)
            if settings.compensatesErrors && layer + 1 < blocks {
                for index in states.indices { try model.propagate(&states[index], throughBlock: layer, observer: nil) }
            }
        }
        let compressed = try ModelWeights(config: config, embedding: weights.embedding, layers: layers, finalNorm: weights.finalNorm,
                                          classifier: config.sharedClassifier ? nil : weights.classifier)
        return SequentialCompressionResult(weights: compressed, sparseQuantized: wantsSparseForm ? sparseQuantized : nil, losses: losses)
    }

    private static func seconds(since start: Date) -> String {
        String(format: "%.2f s", Date().timeIntervalSince(start))
    }
}
