#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The attention arithmetic of the NPE, stated once for the Swift model, the hardware
/// and the HLS C++ (docs/numerics.md, "Attention"). Grouped-query: query head h reads KV
/// head `h / (heads / kvHeads)`. For one query head over the n kept slots of the cache,
/// in slot order (increasing position order, `AttentionWindow`), all in fp32:
/// ```
/// score_t = (0 + q_0·k_t0 + q_1·k_t1 + … + q_{h−1}·k_t,h−1) / sqrtf(h)   index order; a division
/// a       = Nonlinear.softmax(score_0 … score_{n−1})                     over the kept slots only
/// o_i     = 0 + a_0·v_0i + a_1·v_1i + … + a_{n−1}·v_{n−1},i              slot order
/// ```
/// k and v are the numbers the cache's slots stand for: the stored fp32 number, or for
/// KV4 `KVQuantizer.dequantize(code, minimum, scale)` of the stored code (`KV4Slots`),
/// evaluated where attention reads the element.
///
/// This is the scalar statement, written for clarity; `GroupedQueryAttention` evaluates
/// it with SIMD lanes and Tests/NumericsTests checks the two equal bit for bit.
public enum AttentionRule {
    /// The divisor of every score: `sqrtf(Float(headSize))`.
    @inlinable
    public static func scoreDivisor(headSize: Int) -> Float { sqrtf(Float(headSize)) }

    /// All query heads: writes `heads · headSize` outputs. `key(t, j)` and `value(t, j)`
    /// read element j (0..<kvHeads · headSize) of kept slot t; `scores` has room for `slots`.
    public static func attend(query: UnsafePointer<Float>, slots: Int, heads: Int, kvHeads: Int, headSize: Int,
                              key: (_ slot: Int, _ element: Int) -> Float, value: (_ slot: Int, _ element: Int) -> Float,
                              scores: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
        precondition(kvHeads > 0 && heads % kvHeads == 0 && slots > 0, "heads must be a multiple of kvHeads; at least one slot")
        let group = heads / kvHeads, divisor = scoreDivisor(headSize: headSize)
        for head in 0..<heads {
            let q = query + head * headSize, base = head / group * headSize
            for t in 0..<slots {
                var score: Float = 0
                for i in 0..<headSize { score += q[i] * key(t, base + i) }
                scores[t] = score / divisor
            }
            Nonlinear.softmax(scores, count: slots)
            for i in 0..<headSize {
                var sum: Float = 0
                for t in 0..<slots { sum += scores[t] * value(t, base + i) }
                output[head * headSize + i] = sum
            }
        }
    }
}
