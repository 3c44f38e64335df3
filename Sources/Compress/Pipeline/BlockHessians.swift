import Model

/// Collects, during forward passes through one uncompressed block, the Hessians of its
/// linear sites. Sites that read the same vector share one Hessian: q, k and v read the
/// attention norm's output, w1 and w3 the FFN norm's (see `LinearInputObserver`). Each
/// calibration segment is one sample of the running mean.
public final class BlockHessians: LinearInputObserver {
    /// The site whose input stands for each site's Hessian.
    public static func source(of site: LinearSite) -> LinearSite {
        switch site {
        case .q, .k, .v: return .q
        case .o: return .o
        case .w1, .w3: return .w1
        case .w2: return .w2
        }
    }

    public let layer: Int
    private var accumulators: [LinearSite: HessianAccumulator] = [:]
    /// Input vectors of the current segment, per source site.
    private var pending: [LinearSite: [Float]] = [:]

    public init(layer: Int, config: ModelConfig) {
        self.layer = layer
        for site in [LinearSite.q, .o, .w1, .w2] {
            accumulators[site] = HessianAccumulator(dimension: site.shape(in: config).columns)
            pending[site] = []
        }
    }

    public func observe(layer: Int, site: LinearSite, position: Int, input: UnsafeBufferPointer<Float>) {
        guard layer == self.layer, Self.source(of: site) == site else { return }
        pending[site]!.append(contentsOf: input)
    }

    /// Ends one calibration segment: its input vectors become one sample of each Hessian.
    public func finishSample() throws {
        for (site, inputs) in pending {
            try accumulators[site]!.add(inputs: inputs)
            pending[site]!.removeAll(keepingCapacity: true)
        }
    }

    public func hessian(for site: LinearSite) -> SquareMatrix {
        accumulators[Self.source(of: site)]!.hessian
    }
}
