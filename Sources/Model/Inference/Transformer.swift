import Numerics

/// The LLaMA forward pass, one token at a time with a KV cache, in llama2.c's order:
/// per block `x += Wo·attend(rope(Wq·n), rope(Wk·n), Wv·n)` with `n = rmsnorm(x)`, then
/// `x += W2·swiglu(W1·n', W3·n')` with `n' = rmsnorm(x)`; finally
/// `logits = classifier · rmsnorm(x)`. The nonlinear steps are `Numerics.Nonlinear`.
///
/// Plug-in points (for compressed and integer variants):
/// - `blocks[l]` holds any `LinearLayer`s; replace a block to run it compressed.
/// - `caches[l]` is any `AttentionCache` (full fp32 by default).
/// - `observer` sees every linear site's input (calibration).
/// - Integer layers (`IntegerLinear`) reading the same vector (q, k, v; w1, w3) are
///   handed one A8 quantization of it instead of quantizing it each.
///
/// Block-by-block calibration (the compressor, SparseGPT/GPTQ's sequential order): the
/// inputs of block l come from blocks < l already compressed, and block l's outputs are
/// recomputed with block l compressed before they feed block l + 1.
/// ```
/// let model = Transformer(weights: weights)
/// var states = try segments.map { try model.embeddings(of: $0) }   // one [256 × dim] per segment
/// for l in 0..<weights.config.layers {
///     for s in states.indices {                                     // Hessians of block l's sites
///         var probe = states[s]
///         try model.propagate(&probe, throughBlock: l, observer: hessians)
///     }
///     model.blocks[l] = compressedBlock(l, hessians)                // any LinearLayer per site
///     for s in states.indices { try model.propagate(&states[s], throughBlock: l, observer: nil) }
/// }
/// ```
/// `propagate` runs one block over a whole sequence (positions 0..<n) with a fresh cache
/// of its own, so each segment's states depend only on the blocks already applied.
/// A `Transformer` owns scratch buffers: use one instance per thread.
public final class Transformer {
    public let config: ModelConfig
    public let embedding: [Float]
    public var blocks: [TransformerBlock]
    public let finalNorm: [Float]
    public var classifier: any LinearLayer
    public var caches: [any AttentionCache]
    public var observer: (any LinearInputObserver)?
    public let rope: RotaryEmbedding
    private let scratch: Scratch
    /// The position `logits` takes next: the caches hold exactly the positions before it.
    public private(set) var nextPosition = 0

    public init(config: ModelConfig, embedding: [Float], blocks: [TransformerBlock], finalNorm: [Float],
                classifier: any LinearLayer, caches: [any AttentionCache]) {
        precondition(blocks.count == config.layers && caches.count == config.layers, "one block and one cache per layer")
        self.config = config
        self.embedding = embedding
        self.blocks = blocks
        self.finalNorm = finalNorm
        self.classifier = classifier
        self.caches = caches
        rope = RotaryEmbedding(headSize: config.headSize, theta: config.ropeTheta)
        scratch = Scratch(config)
    }

    /// The fp32 model of `weights`, dense layers and full fp32 caches.
    public convenience init(weights: ModelWeights) {
        let config = weights.config
        self.init(config: config, embedding: weights.embedding,
                  blocks: weights.layers.map { TransformerBlock(dense: $0, config: config) },
                  finalNorm: weights.finalNorm,
                  classifier: DenseLinear(rows: config.vocab, columns: config.dim, weights: weights.classifier),
                  caches: (0..<config.layers).map { _ in FullAttentionCache(config: config) })
    }

    /// Starts a new sequence: every cache forgets its positions.
    public func reset() {
        for cache in caches { cache.reset() }
        nextPosition = 0
    }

    /// Runs `token` at `position` through all blocks and returns the logits (`vocab`
    /// values, valid until the next call). Positions must follow 0, 1, 2, ... after `reset`.
    public func logits(token: Int, position: Int) throws -> UnsafeBufferPointer<Float> {
        try checkPosition(position)
        guard position == nextPosition else { throw InferenceError.positionOutOfOrder(position: position, expected: nextPosition) }
        let x = scratch.x
        try embed(token: token, into: x)
        nextPosition += 1
        scratch.setAngles(rope, position: position)
        for layer in 0..<config.layers {
            step(layer: layer, x: x, position: position, cache: caches[layer])
        }
        Nonlinear.rmsNorm(x.baseAddress!, weight: finalNorm, count: config.dim, epsilon: config.normEps, into: x.baseAddress!)
        classifier.apply(UnsafeBufferPointer(x), scratch.logits)
        return UnsafeBufferPointer(scratch.logits)
    }

    /// The hidden states entering block 0 for `tokens` at positions 0..<n: `[n × dim]`.
    public func embeddings(of tokens: [Int]) throws -> [Float] {
        var states = [Float](repeating: 0, count: tokens.count * config.dim)
        try states.withUnsafeMutableBufferPointer { buffer in
            for (position, token) in tokens.enumerated() {
                try embed(token: token, into: UnsafeMutableBufferPointer(rebasing: buffer[position * config.dim..<(position + 1) * config.dim]))
            }
        }
        return states
    }

    /// Replaces `states` (`[n × dim]`, positions 0..<n of one sequence) by the outputs of
    /// block `layer`, using a fresh fp32 cache (not `caches[layer]`); `observer` (if any)
    /// sees the input of each linear site at each position.
    public func propagate(_ states: inout [Float], throughBlock layer: Int, observer: (any LinearInputObserver)?) throws {
        guard states.count % config.dim == 0 else {
            throw InferenceError.shapeMismatch(what: "hidden states", expected: (states.count / config.dim + 1) * config.dim, actual: states.count)
        }
        let positions = states.count / config.dim
        try checkPosition(positions - 1)
        let cache = scratch.blockCache
        cache.reset()
        let saved = self.observer
        self.observer = observer
        defer { self.observer = saved }
        states.withUnsafeMutableBufferPointer { buffer in
            for position in 0..<positions {
                scratch.setAngles(rope, position: position)
                let x = UnsafeMutableBufferPointer(rebasing: buffer[position * config.dim..<(position + 1) * config.dim])
                step(layer: layer, x: x, position: position, cache: cache)
            }
        }
    }

    private func checkPosition(_ position: Int) throws {
        guard position >= 0, position < config.seqLen else { throw InferenceError.positionOutOfRange(position: position, seqLen: config.seqLen) }
    }

    private func embed(token: Int, into x: UnsafeMutableBufferPointer<Float>) throws {
        guard token >= 0, token < config.vocab else { throw InferenceError.tokenOutOfRange(token: token, vocab: config.vocab) }
        embedding.withUnsafeBufferPointer { table in
            x.baseAddress!.update(from: table.baseAddress! + token * config.dim, count: config.dim)
        }
    }

    /// One block on one position: `x` (dim values) is updated in place.
    private func step(layer: Int, x: UnsafeMutableBufferPointer<Float>, position: Int, cache: any AttentionCache) {
        let block = blocks[layer]
        let s = scratch, dim = config.dim, eps = config.normEps
        let xb = UnsafeBufferPointer(s.xb)

        Nonlinear.rmsNorm(x.baseAddress!, weight: block.attentionNorm, count: dim, epsilon: eps, into: s.xb.baseAddress!)
        sharingInput(xb, layer, position, (block.q, .q, s.q), (block.k, .k, s.k), (block.v, .v, s.v))
        rope.rotate(s.q.baseAddress!, heads: config.heads, cosines: s.cosines.baseAddress!, sines: s.sines.baseAddress!)
        rope.rotate(s.k.baseAddress!, heads: config.kvHeads, cosines: s.cosines.baseAddress!, sines: s.sines.baseAddress!)
        cache.store(position: position, key: UnsafeBufferPointer(s.k), value: UnsafeBufferPointer(s.v))
        cache.attend(position: position, query: UnsafeBufferPointer(s.q), output: s.xb)
        linear(block.o, .o, layer, position, xb, s.xb2)
        for i in 0..<dim { x[i] += s.xb2[i] }

        Nonlinear.rmsNorm(x.baseAddress!, weight: block.ffnNorm, count: dim, epsilon: eps, into: s.xb.baseAddress!)
        sharingInput(xb, layer, position, (block.w1, .w1, s.hb), (block.w3, .w3, s.hb2), nil)
        for i in 0..<config.hiddenDim { s.hb[i] = Nonlinear.swiGLU(gate: s.hb[i], up: s.hb2[i]) }
        linear(block.w2, .w2, layer, position, UnsafeBufferPointer(s.hb), s.xb)
        for i in 0..<dim { x[i] += s.xb[i] }
    }

    @inline(__always)
    private func linear(_ layerWeights: any LinearLayer, _ site: LinearSite, _ layer: Int, _ position: Int,
                        _ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>) {
        observer?.observe(layer: layer, site: site, position: position, input: input)
        layerWeights.apply(input, output)
    }

    /// Sites reading the same input vector (q, k, v; w1, w3): integer layers share one A8
    /// quantization of it (`ActivationCodes`, the codes and scale each would compute
    /// alone); any other layer applies as usual. The observer sees every site.
    private func sharingInput(_ input: UnsafeBufferPointer<Float>, _ layer: Int, _ position: Int,
                              _ first: (any LinearLayer, LinearSite, UnsafeMutableBufferPointer<Float>),
                              _ second: (any LinearLayer, LinearSite, UnsafeMutableBufferPointer<Float>),
                              _ third: (any LinearLayer, LinearSite, UnsafeMutableBufferPointer<Float>)?) {
        var quantized = false
        func run(_ site: (any LinearLayer, LinearSite, UnsafeMutableBufferPointer<Float>)) {
            guard let integer = site.0 as? IntegerLinear else { return linear(site.0, site.1, layer, position, input, site.2) }
            observer?.observe(layer: layer, site: site.1, position: position, input: input)
            if !quantized {
                scratch.codes.quantize(input)
                quantized = true
            }
            integer.apply(codes: scratch.codes, site.2)
        }
        run(first)
        run(second)
        if let third { run(third) }
    }

    /// Preallocated per-token buffers, so a forward step allocates nothing.
    private final class Scratch {
        let x, xb, xb2, q, k, v, hb, hb2, logits, cosines, sines: UnsafeMutableBufferPointer<Float>
        let blockCache: FullAttentionCache
        /// The shared A8 codes of the vector several integer layers read.
        let codes: ActivationCodes

        init(_ config: ModelConfig) {
            func buffer(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
                let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
                buffer.initialize(repeating: 0)
                return buffer
            }
            x = buffer(config.dim)
            xb = buffer(config.dim)
            xb2 = buffer(config.dim)
            q = buffer(config.dim)
            k = buffer(config.kvDim)
            v = buffer(config.kvDim)
            hb = buffer(config.hiddenDim)
            hb2 = buffer(config.hiddenDim)
            logits = buffer(config.vocab)
            cosines = buffer(config.headSize / 2)
            sines = buffer(config.headSize / 2)
            blockCache = FullAttentionCache(config: config)
            codes = ActivationCodes(capacity: config.dim)
        }

        func setAngles(_ rope: RotaryEmbedding, position: Int) {
            rope.angles(position: position, cosines: cosines.baseAddress!, sines: sines.baseAddress!)
        }

        deinit {
            for buffer in [x, xb, xb2, q, k, v, hb, hb2, logits, cosines, sines] { buffer.deallocate() }
        }
    }
}
