/// The hyperparameters of a LLaMA-architecture model, validated so that every later
/// computation on them (head sizes, tensor sizes) is well defined.
public struct ModelConfig: Sendable, Equatable, CustomStringConvertible {
    public let dim: Int
    public let hiddenDim: Int
    public let layers: Int
    public let heads: Int
    public let kvHeads: Int
    public let vocab: Int
    public let seqLen: Int
    public let normEps: Float
    public let ropeTheta: Float
    /// The classifier is the token embedding (tied weights).
    public let sharedClassifier: Bool

    public var headSize: Int { dim / heads }
    /// Width of one position's keys (or values) over all KV heads.
    public var kvDim: Int { kvHeads * headSize }
    /// Query heads that share one KV head.
    public var queryGroupSize: Int { heads / kvHeads }

    /// Throws `CheckpointError.invalidHeader` naming the first impossible value.
    public init(dim: Int, hiddenDim: Int, layers: Int, heads: Int, kvHeads: Int, vocab: Int, seqLen: Int,
                normEps: Float = 1e-5, ropeTheta: Float = 10000, sharedClassifier: Bool) throws {
        for (field, value) in [("dim", dim), ("hidden_dim", hiddenDim), ("n_layers", layers), ("n_heads", heads),
                               ("n_kv_heads", kvHeads), ("vocab_size", vocab), ("seq_len", seqLen)] {
            guard value > 0 else { throw CheckpointError.invalidHeader(field: field, value: "\(value)", reason: "must be positive") }
        }
        guard dim % heads == 0 else {
            throw CheckpointError.invalidHeader(field: "n_heads", value: "\(heads)", reason: "does not divide dim \(dim)")
        }
        guard heads % kvHeads == 0 else {
            throw CheckpointError.invalidHeader(field: "n_kv_heads", value: "\(kvHeads)", reason: "does not divide n_heads \(heads)")
        }
        guard (dim / heads) % 2 == 0 else {
            throw CheckpointError.invalidHeader(field: "n_heads", value: "\(heads)", reason: "gives an odd head size \(dim / heads); RoPE rotates pairs")
        }
        guard normEps.isFinite, normEps > 0 else {
            throw CheckpointError.invalidHeader(field: "norm_eps", value: "\(normEps)", reason: "must be positive and finite")
        }
        guard ropeTheta.isFinite, ropeTheta > 1 else {
            throw CheckpointError.invalidHeader(field: "rope_theta", value: "\(ropeTheta)", reason: "must be finite and greater than 1")
        }
        self.dim = dim
        self.hiddenDim = hiddenDim
        self.layers = layers
        self.heads = heads
        self.kvHeads = kvHeads
        self.vocab = vocab
        self.seqLen = seqLen
        self.normEps = normEps
        self.ropeTheta = ropeTheta
        self.sharedClassifier = sharedClassifier
        // Every tensor size (and the total) must be representable, so loaders can trust them.
        _ = try parameterCount()
    }

    /// Number of fp32 values of all weights (classifier included once if shared).
    /// Throws if the header describes more values than an `Int` can count.
    public func parameterCount() throws -> Int {
        var total = 0
        func add(_ factors: Int...) throws {
            var product = 1
            for factor in factors {
                let (value, overflow) = product.multipliedReportingOverflow(by: factor)
                guard !overflow else { throw CheckpointError.invalidHeader(field: "dimensions", value: "\(self)", reason: "describe more weights than can be counted") }
                product = value
            }
            let (sum, overflow) = total.addingReportingOverflow(product)
            guard !overflow else { throw CheckpointError.invalidHeader(field: "dimensions", value: "\(self)", reason: "describe more weights than can be counted") }
            total = sum
        }
        try add(vocab, dim)
        try add(layers, dim, 2)
        for site in LinearSite.allCases {
            let shape = site.shape(in: self)
            try add(layers, shape.rows, shape.columns)
        }
        try add(dim)
        if !sharedClassifier { try add(vocab, dim) }
        return total
    }

    public var description: String {
        "dim \(dim), hidden \(hiddenDim), layers \(layers), heads \(heads), kv heads \(kvHeads), vocab \(vocab), seq \(seqLen)"
    }
}
