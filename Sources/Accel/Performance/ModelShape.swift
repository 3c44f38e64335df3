/// The matrix shapes of a LLaMA-architecture model, for performance predictions.
public struct ModelShape: Sendable, Equatable {
    public struct Linear: Sendable, Equatable {
        public let name: String
        /// Output features.
        public let rows: Int
        /// Input features.
        public let columns: Int
    }

    public let name: String
    public let dim: Int
    public let hiddenDim: Int
    public let layers: Int
    public let heads: Int
    public let kvHeads: Int
    public let vocab: Int

    public init(name: String, dim: Int, hiddenDim: Int, layers: Int, heads: Int, kvHeads: Int, vocab: Int) {
        self.name = name
        self.dim = dim
        self.hiddenDim = hiddenDim
        self.layers = layers
        self.heads = heads
        self.kvHeads = kvHeads
        self.vocab = vocab
    }

    public var headSize: Int { dim / heads }
    public var kvDim: Int { kvHeads * headSize }

    /// The seven linear layers of one transformer block.
    public var blockLinears: [Linear] {
        [Linear(name: "wq", rows: dim, columns: dim), Linear(name: "wk", rows: kvDim, columns: dim),
         Linear(name: "wv", rows: kvDim, columns: dim), Linear(name: "wo", rows: dim, columns: dim),
         Linear(name: "w1", rows: hiddenDim, columns: dim), Linear(name: "w2", rows: dim, columns: hiddenDim),
         Linear(name: "w3", rows: hiddenDim, columns: dim)]
    }

    public var classifier: Linear { Linear(name: "classifier", rows: vocab, columns: dim) }

    /// Every matrix one decoded token multiplies with: all blocks, then the classifier.
    public var linearsPerToken: [Linear] {
        Array(repeating: blockLinears, count: layers).flatMap { $0 } + [classifier]
    }

    /// The matrix engine's commands of one block: matrices that multiply the same input
    /// run as one command over their rows stacked (q, k, v on the normed input; w1, w3 on
    /// the normed residual), so each pays a command's fixed latency (read latency, result
    /// drain) once: four commands instead of seven.
    public var blockCommands: [Linear] {
        let linears = Dictionary(uniqueKeysWithValues: blockLinears.map { ($0.name, $0) })
        return [["wq", "wk", "wv"], ["wo"], ["w1", "w3"], ["w2"]].map { names in
            Self.stacked(names.map { linears[$0]! })
        }
    }

    /// Every engine command of one decoded token: all blocks' commands, then the classifier.
    public var commandsPerToken: [Linear] {
        Array(repeating: blockCommands, count: layers).flatMap { $0 } + [classifier]
    }

    /// One command over the rows of `linears`, which share their input (same columns).
    static func stacked(_ linears: [Linear]) -> Linear {
        precondition(Set(linears.map(\.columns)).count == 1, "stacked matrices multiply the same input")
        return Linear(name: linears.map(\.name).joined(separator: "+"), rows: linears.map(\.rows).reduce(0, +), columns: linears[0].columns)
    }

    public static let llama2_7B = ModelShape(name: "Llama-2-7B", dim: 4096, hiddenDim: 11_008, layers: 32, heads: 32, kvHeads: 32, vocab: 32_000)
    public static let stories260K = ModelShape(name: "stories260K", dim: 64, hiddenDim: 172, layers: 5, heads: 8, kvHeads: 4, vocab: 512)
}
