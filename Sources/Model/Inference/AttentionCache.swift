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

/// Grouped-query attention over `slots` stored positions with llama2.c's arithmetic: for
/// query head h (KV head h / group), `score_t = (0 + q_0·k_t0 + q_1·k_t1 + ...) / sqrtf(headSize)`
/// summed in index order; `Nonlinear.softmax` over the slots in slot order; output
/// `o_i = 0 + a_0·v_0i + a_1·v_1i + ...` summed in slot order. Eight slots' scores (and
/// eight output elements) are computed side by side in SIMD lanes, each lane doing exactly
/// that sequence of fp32 operations, so the result equals the scalar loops bit for bit.
///
/// Layout: keys transposed, element i of KV head g at slot t in
/// `keys[(g·headSize + i) · keyStride + t]` (so consecutive slots are adjacent); values as
/// rows, `values[t · kvDim + g·headSize + i]`. A cache that stores positions otherwise
/// (quantized, windowed) keeps fp32 copies of its slots in this layout and calls this.
public enum GroupedQueryAttention {
    public static func attend(query: UnsafePointer<Float>, keys: UnsafePointer<Float>, keyStride: Int, values: UnsafePointer<Float>,
                              slots: Int, heads: Int, kvHeads: Int, headSize: Int,
                              scores: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let kvDim = kvHeads * headSize
        let group = heads / kvHeads
        let scale = sqrtf(Float(headSize))
        let wideSlots = slots / 8 * 8
        let wideElements = headSize / 8 * 8
        for head in 0..<heads {
            let q = query + head * headSize
            let kvHead = head / group
            let k = keys + kvHead * headSize * keyStride
            var t = 0
            while t < wideSlots {
                var score = SIMD8<Float>()
                for i in 0..<headSize {
                    score += SIMD8(repeating: q[i]) * UnsafeRawPointer(k + i * keyStride + t).loadUnaligned(as: SIMD8<Float>.self)
                }
                UnsafeMutableRawPointer(scores + t).storeBytes(of: score / SIMD8(repeating: scale), as: SIMD8<Float>.self)
                t += 8
            }
            while t < slots {
                var score: Float = 0
                for i in 0..<headSize { score += q[i] * k[i * keyStride + t] }
                scores[t] = score / scale
                t += 1
            }
            Nonlinear.softmax(scores, count: slots)
            let v = values + kvHead * headSize
            let out = output + head * headSize
            var i = 0
            while i < wideElements {
                var sum = SIMD8<Float>()
                for t in 0..<slots {
                    sum += SIMD8(repeating: scores[t]) * UnsafeRawPointer(v + t * kvDim + i).loadUnaligned(as: SIMD8<Float>.self)
                }
                UnsafeMutableRawPointer(out + i).storeBytes(of: sum, as: SIMD8<Float>.self)
                i += 8
            }
            while i < headSize {
                var sum: Float = 0
                for t in 0..<slots { sum += scores[t] * v[t * kvDim + i] }
                out[i] = sum
                i += 1
            }
        }
    }
}

/// Every position in fp32, as llama2.c keeps it (keys transposed for
/// `GroupedQueryAttention`: slot t is position t).
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
