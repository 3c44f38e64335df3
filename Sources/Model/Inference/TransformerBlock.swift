/// One transformer block as the forward pass runs it: two RMSNorm weight vectors and the
/// seven linear layers, each any `LinearLayer` (dense fp32, dequantized, integer).
public struct TransformerBlock {
    public var attentionNorm: [Float]
    public var ffnNorm: [Float]
    public var q, k, v, o, w1, w2, w3: any LinearLayer

    public init(attentionNorm: [Float], ffnNorm: [Float], q: any LinearLayer, k: any LinearLayer, v: any LinearLayer,
                o: any LinearLayer, w1: any LinearLayer, w2: any LinearLayer, w3: any LinearLayer) {
        self.attentionNorm = attentionNorm
        self.ffnNorm = ffnNorm
        self.q = q
        self.k = k
        self.v = v
        self.o = o
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    /// The block of `weights` with dense fp32 layers.
    public init(dense weights: LayerWeights, config: ModelConfig) {
        func dense(_ site: LinearSite) -> DenseLinear {
            let shape = site.shape(in: config)
            return DenseLinear(rows: shape.rows, columns: shape.columns, weights: weights[site])
        }
        self.init(attentionNorm: weights.attentionNorm, ffnNorm: weights.ffnNorm, q: dense(.q), k: dense(.k), v: dense(.v),
                  o: dense(.o), w1: dense(.w1), w2: dense(.w2), w3: dense(.w3))
    }

    public subscript(site: LinearSite) -> any LinearLayer {
        get {
            switch site {
            case .q: return q
            case .k: return k
            case .v: return v
            case .o: return o
            case .w1: return w1
            case .w2: return w2
            case .w3: return w3
            }
        }
        set {
            switch site {
            case .q: q = newValue
            case .k: k = newValue
            case .v: v = newValue
            case .o: o = newValue
            case .w1: w1 = newValue
            case .w2: w2 = newValue
            case .w3: w3 = newValue
            }
        }
    }
}
