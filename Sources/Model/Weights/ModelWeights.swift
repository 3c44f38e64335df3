/// One transformer block's weights. Matrices are row-major `[out × in]` fp32, the layout
/// of llama2.c (`y = W x` reads W one row per output).
public struct LayerWeights: Sendable, Equatable {
    public var attentionNorm: [Float]
    public var wq: [Float]
    public var wk: [Float]
    public var wv: [Float]
    public var wo: [Float]
    public var ffnNorm: [Float]
    public var w1: [Float]
    public var w2: [Float]
    public var w3: [Float]

    public init(attentionNorm: [Float], wq: [Float], wk: [Float], wv: [Float], wo: [Float],
                ffnNorm: [Float], w1: [Float], w2: [Float], w3: [Float]) {
        self.attentionNorm = attentionNorm
        self.wq = wq
        self.wk = wk
        self.wv = wv
        self.wo = wo
        self.ffnNorm = ffnNorm
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// The matrix of one linear site (row-major, shape `site.shape(in:)`).
    public subscript(site: LinearSite) -> [Float] {
        get {
            switch site {
            case .q: return wq
            case .k: return wk
            case .v: return wv
            case .o: return wo
            case .w1: return w1
            case .w2: return w2
            case .w3: return w3
            }
        }
        set {
            switch site {
            case .q: wq = newValue
            case .k: wk = newValue
            case .v: wv = newValue
            case .o: wo = newValue
            case .w1: w1 = newValue
            case .w2: w2 = newValue
            case .w3: w3 = newValue
            }
        }
    }
}

/// All weights of a LLaMA-architecture model in fp32, whatever checkpoint they came from.
/// Construction checks every tensor's size against the config and that every value is
/// finite, so inference never has to.
public struct ModelWeights: Sendable, Equatable {
    public let config: ModelConfig
    /// `[vocab × dim]`: row t is token t's embedding.
    public let embedding: [Float]
    public let layers: [LayerWeights]
    public let finalNorm: [Float]
    /// `[vocab × dim]`; the same values as `embedding` when `config.sharedClassifier`.
    public let classifier: [Float]

    /// Throws `CheckpointError.shapeMismatch` or `.nonFiniteWeight` naming the tensor.
    /// With a shared classifier, pass `classifier: nil` (it becomes the embedding).
    public init(config: ModelConfig, embedding: [Float], layers: [LayerWeights], finalNorm: [Float], classifier: [Float]?) throws {
        guard layers.count == config.layers else {
            throw CheckpointError.shapeMismatch(tensor: "layers", expectedCount: config.layers, actualCount: layers.count)
        }
        try Self.check("embedding", embedding, count: config.vocab * config.dim)
        for (index, layer) in layers.enumerated() {
            try Self.check("layers.\(index).attention_norm", layer.attentionNorm, count: config.dim)
            try Self.check("layers.\(index).ffn_norm", layer.ffnNorm, count: config.dim)
            for site in LinearSite.allCases {
                let shape = site.shape(in: config)
                try Self.check("layers.\(index).\(site.weightName)", layer[site], count: shape.rows * shape.columns)
            }
        }
        try Self.check("final_norm", finalNorm, count: config.dim)
        let resolvedClassifier: [Float]
        if let classifier {
            try Self.check("classifier", classifier, count: config.vocab * config.dim)
            resolvedClassifier = classifier
        } else {
            guard config.sharedClassifier else {
                throw CheckpointError.shapeMismatch(tensor: "classifier", expectedCount: config.vocab * config.dim, actualCount: 0)
            }
            resolvedClassifier = embedding
        }
        self.config = config
        self.embedding = embedding
        self.layers = layers
        self.finalNorm = finalNorm
        self.classifier = resolvedClassifier
    }

    private static func check(_ name: String, _ values: [Float], count: Int) throws {
        guard values.count == count else {
            throw CheckpointError.shapeMismatch(tensor: name, expectedCount: count, actualCount: values.count)
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw CheckpointError.nonFiniteWeight(tensor: name, index: index, value: values[index])
        }
    }

    /// A copy with one block's weights replaced (e.g. by their compressed-then-dequantized
    /// values), checked like any other construction.
    public func replacingLayer(_ index: Int, with layer: LayerWeights) throws -> ModelWeights {
        var newLayers = layers
        newLayers[index] = layer
        return try ModelWeights(config: config, embedding: embedding, layers: newLayers, finalNorm: finalNorm,
                                classifier: config.sharedClassifier ? nil : classifier)
    }
}
