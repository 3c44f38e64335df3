import Numerics

/// One layer's key/value storage and the attention it computes over what it keeps. The
/// fp32 model uses `FullAttentionCache` (every position, fp32); a KV4 cache with
/// attention sinks and a recent window conforms too and decides itself which positions
/// remain and how they are stored.
///
/// The forward pass calls, per layer and token, `store` with the rotated key and the
/// value of the new position, then `attend` with that position's rotated query.
public protocol AttentionCache: AnyObject {
    /// Forgets every position (a new sequence starts at position 0).
    func reset()
    /// Keeps `key` and `value` (`kvDim` values each) of `position`.
    func store(position: Int, key: UnsafeBufferPointer<Float>, value: UnsafeBufferPointer<Float>)
    /// Writes the attention output of all query heads (`dim` values) for the query at
    /// `position` (`dim` values, heads consecutive) over the positions kept so far.
    func attend(position: Int, query: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>)
}

/// Every position in fp32, as llama2.c keeps it (keys transposed for Numerics'
/// `GroupedQueryAttention`, which evaluates `AttentionRule`: slot t is position t).
public final class FullAttentionCache: AttentionCache {
    public let config: ModelConfig
    private let keys: UnsafeMutableBufferPointer<Float>
    private let values: UnsafeMutableBufferPointer<Float>
    private let scores: UnsafeMutableBufferPointer<Float>
    private var count = 0

    /// Room for `config.seqLen` positions.
    public init(config: ModelConfig) {
        self.config = config
        keys = .allocate(capacity: config.seqLen * config.kvDim)
        values = .allocate(capacity: config.seqLen * config.kvDim)
        scores = .allocate(capacity: 2 * config.seqLen)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
        scores.deallocate()
    }

    public func reset() { count = 0 }

    public func store(position: Int, key: UnsafeBufferPointer<Float>, value: UnsafeBufferPointer<Float>) {
        precondition(position == count && position < config.seqLen, "positions are stored in order, below seqLen")
        let kvDim = config.kvDim
        for j in 0..<kvDim { keys[j * config.seqLen + position] = key[j] }
        (values.baseAddress! + position * kvDim).update(from: value.baseAddress!, count: kvDim)
        count += 1
    }

    public func attend(position: Int, query: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>) {
        GroupedQueryAttention.attend(query: query.baseAddress!, keys: keys.baseAddress!, keyStride: config.seqLen, values: values.baseAddress!,
                                     slots: count, heads: config.heads, kvHeads: config.kvHeads,
                                     headSize: config.headSize, scores: scores.baseAddress!, output: output.baseAddress!)
    }
}
