import Numerics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

/// Grouped-query attention over `slots` stored positions, the fp32 rule of llama2.c:
/// for query head h (KV head h / group), score_t = (Σ_i q_i k_ti, in index order) /
/// sqrtf(headSize); softmax over the slots in slot order (`Nonlinear.softmax`); output
/// = Σ_t a_t v_t accumulated slot by slot. Keys and values are rows of `kvDim` floats.
/// Caches that keep positions in other layouts gather them into rows and call this.
public enum GroupedQueryAttention {
    @inlinable
    public static func attend(query: UnsafePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
                              slots: Int, heads: Int, kvHeads: Int, headSize: Int,
                              scores: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let kvDim = kvHeads * headSize
        let group = heads / kvHeads
        let scale = sqrtf(Float(headSize))
        for head in 0..<heads {
            let q = query + head * headSize
            let kvOffset = (head / group) * headSize
            for t in 0..<slots {
                let k = keys + t * kvDim + kvOffset
                var score: Float = 0
                for i in 0..<headSize { score += q[i] * k[i] }
                scores[t] = score / scale
            }
            Nonlinear.softmax(scores, count: slots)
            let out = output + head * headSize
            for i in 0..<headSize { out[i] = 0 }
            for t in 0..<slots {
                let v = values + t * kvDim + kvOffset
                let a = scores[t]
                for i in 0..<headSize { out[i] += a * v[i] }
            }
        }
    }
}

/// Every position in fp32, as llama2.c keeps it: position t in row t.
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
        scores = .allocate(capacity: config.seqLen)
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
        (keys.baseAddress! + position * kvDim).update(from: key.baseAddress!, count: kvDim)
        (values.baseAddress! + position * kvDim).update(from: value.baseAddress!, count: kvDim)
        count += 1
    }

    public func attend(position: Int, query: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>) {
        GroupedQueryAttention.attend(query: query.baseAddress!, keys: keys.baseAddress!, values: values.baseAddress!,
                                     slots: count, heads: config.heads, kvHeads: config.kvHeads,
                                     headSize: config.headSize, scores: scores.baseAddress!, output: output.baseAddress!)
    }
}
