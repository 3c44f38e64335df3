#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Model
import Numerics
import Testing

@Suite struct AttentionTests {
    /// run.c's attention loops, scalar, over rows `[t][kvDim]` of keys and values.
    static func runCAttention(q: [Float], keys: [Float], values: [Float], slots: Int, heads: Int, kvHeads: Int, headSize: Int) -> [Float] {
        let kvDim = kvHeads * headSize, group = heads / kvHeads
        var out = [Float](repeating: 0, count: heads * headSize)
        for h in 0..<heads {
            var att = [Float](repeating: 0, count: slots)
            for t in 0..<slots {
                var score: Float = 0
                for i in 0..<headSize { score += q[h * headSize + i] * keys[t * kvDim + (h / group) * headSize + i] }
                att[t] = score / sqrtf(Float(headSize))
            }
            var maximum = att[0]
            for t in 1..<slots where att[t] > maximum { maximum = att[t] }
            var sum: Float = 0
            for t in 0..<slots { att[t] = expf(att[t] - maximum); sum += att[t] }
            for t in 0..<slots { att[t] /= sum }
            for t in 0..<slots {
                for i in 0..<headSize { out[h * headSize + i] += att[t] * values[t * kvDim + (h / group) * headSize + i] }
            }
        }
        return out
    }

    @Test(arguments: [(8, 1), (8, 7), (8, 8), (8, 37), (12, 21), (6, 9)])
    func fullCacheEqualsRunCsLoopsBitForBit(headSize: Int, slots: Int) throws {
        let config = try ModelConfig(dim: 4 * headSize, hiddenDim: 8, layers: 1, heads: 4, kvHeads: 2, vocab: 8, seqLen: 64, sharedClassifier: true)
        var random = XorshiftRandom(seed: UInt64(headSize * 100 + slots))
        func vector(_ n: Int) -> [Float] { (0..<n).map { _ in 4 * random.nextFloat() - 2 } }
        let keys = vector(slots * config.kvDim), values = vector(slots * config.kvDim), q = vector(config.dim)
        let cache = FullAttentionCache(config: config)
        for t in 0..<slots {
            Array(keys[t * config.kvDim..<(t + 1) * config.kvDim]).withUnsafeBufferPointer { k in
                Array(values[t * config.kvDim..<(t + 1) * config.kvDim]).withUnsafeBufferPointer { v in
                    cache.store(position: t, key: k, value: v)
                }
            }
        }
        var out = [Float](repeating: .nan, count: config.dim)
        q.withUnsafeBufferPointer { query in
            out.withUnsafeMutableBufferPointer { cache.attend(position: slots - 1, query: query, output: $0) }
        }
        let expected = Self.runCAttention(q: q, keys: keys, values: values, slots: slots, heads: 4, kvHeads: 2, headSize: headSize)
        #expect(out.map(\.bitPattern) == expected.map(\.bitPattern))
    }
}
