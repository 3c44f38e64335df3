import Numerics

/// The switches of the integer path, one per row of the ablation table.
public struct IntegerPathOptions: Sendable, Equatable {
    public enum Linear: Sendable, Equatable {
        /// W2A8: `IntegerLinear`, the accelerator's arithmetic.
        case integer
        /// The same compressed weights through `dequantized()`, fp32 activations
        /// (A8 off: what a dequantize-then-fp32 evaluation computes).
        case dequantizedFP32
    }

    public var linear: Linear
    public var kvStorage: KVStorage
    /// nil keeps every position (Λ off).
    public var window: AttentionWindow?

    public init(linear: Linear = .integer, kvStorage: KVStorage = .fourBit, window: AttentionWindow? = nil) {
        self.linear = linear
        self.kvStorage = kvStorage
        self.window = window
    }

    /// What the file's header asks for: its KV bits, and its S and W (W = 0: Λ off).
    public init(defaultsOf settings: CompressionSettings, linear: Linear = .integer) {
        self.init(linear: linear, kvStorage: settings.kvBits == 4 ? .fourBit : .fp32,
                  window: settings.window > 0 ? AttentionWindow(sinks: settings.sinks, recent: settings.window) : nil)
    }
}

extension Transformer {
    /// A compressed model on the fp32 forward's plug-in points: every linear layer of
    /// every block as `options.linear` says, one `WindowedAttentionCache` per layer, and
    /// the embedding, norms and classifier in fp32 as the model stores them.
    public convenience init(compressed model: CompressedModel, options: IntegerPathOptions) {
        let config = model.config
        func linear(_ matrix: SparseQuantizedMatrix) -> any LinearLayer {
            switch options.linear {
            case .integer: return IntegerLinear(matrix)
            case .dequantizedFP32: return DenseLinear(rows: matrix.rows, columns: matrix.columns, weights: matrix.dequantized())
            }
        }
        let blocks = model.layers.map { layer in
            TransformerBlock(attentionNorm: layer.attentionNorm, ffnNorm: layer.ffnNorm,
                             q: linear(layer[.q]), k: linear(layer[.k]), v: linear(layer[.v]), o: linear(layer[.o]),
                             w1: linear(layer[.w1]), w2: linear(layer[.w2]), w3: linear(layer[.w3]))
        }
        self.init(config: config, embedding: model.embedding, blocks: blocks, finalNorm: model.finalNorm,
                  classifier: DenseLinear(rows: config.vocab, columns: config.dim, weights: model.classifierWeights),
                  caches: (0..<config.layers).map { _ in
                      WindowedAttentionCache(config: config, storage: options.kvStorage, window: options.window)
                  })
    }
}
