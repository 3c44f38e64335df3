/// The seven linear layers of a transformer block, in the order the block applies them.
public enum LinearSite: String, CaseIterable, Sendable, Hashable {
    case q, k, v, o, w1, w2, w3

    /// `[rows (outputs) × columns (inputs)]` of this site's weight matrix.
    public func shape(in config: ModelConfig) -> (rows: Int, columns: Int) {
        switch self {
        case .q: return (config.dim, config.dim)
        case .k, .v: return (config.kvDim, config.dim)
        case .o: return (config.dim, config.dim)
        case .w1, .w3: return (config.hiddenDim, config.dim)
        case .w2: return (config.dim, config.hiddenDim)
        }
    }

    /// The name llama2.c gives the matrix (`wq`, ..., `w3`).
    public var weightName: String {
        switch self {
        case .q: return "wq"
        case .k: return "wk"
        case .v: return "wv"
        case .o: return "wo"
        case .w1, .w2, .w3: return rawValue
        }
    }
}
