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

@Suite struct DenseLinearTests {
    @Test(arguments: [(5, 64), (4, 172), (3, 7), (9, 17)])
    func followsTheDocumentedSummationOrder(rows: Int, columns: Int) {
        var random = XorshiftRandom(seed: UInt64(rows * columns))
        let w = (0..<rows * columns).map { _ in random.nextFloat() - 0.5 }
        let x = (0..<columns).map { _ in random.nextFloat() - 0.5 }
        var y = [Float](repeating: 0, count: rows)
        x.withUnsafeBufferPointer { input in y.withUnsafeMutableBufferPointer { DenseLinear(rows: rows, columns: columns, weights: w).apply(input, $0) } }
        for r in 0..<rows {
            var lanes = [Float](repeating: 0, count: 8)
            let wide = columns / 8 * 8
            for j in 0..<wide { lanes[j % 8] += w[r * columns + j] * x[j] }
            var sum = ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5])) + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]))
            for j in wide..<columns { sum += w[r * columns + j] * x[j] }
            #expect(y[r].bitPattern == sum.bitPattern, "row \(r)")
            let exact = (0..<columns).reduce(0.0) { $0 + Double(w[r * columns + $1]) * Double(x[$1]) }
            #expect(abs(Double(y[r]) - exact) < 1e-5)
        }
    }
}

@Suite struct TransformerTests {
    final class Recorder: LinearInputObserver {
        var calls: [(layer: Int, site: LinearSite, position: Int, input: [Float])] = []
        func observe(layer: Int, site: LinearSite, position: Int, input: UnsafeBufferPointer<Float>) {
            calls.append((layer, site, position, Array(input)))
        }
    }

    @Test func blockByBlockPropagationEqualsTheTokenForwardBitForBit() throws {
        let weights = try SyntheticModel.weights(try SyntheticModel.config())
        let config = weights.config
        let tokens = [1, 5, 9, 33, 2, 17, 17, 0, 39, 12, 3]
        let model = Transformer(weights: weights)
        var expected: [[Float]] = []
        for (position, token) in tokens.enumerated() { expected.append(Array(try model.logits(token: token, position: position))) }

        var states = try model.embeddings(of: tokens)
        let recorder = Recorder()
        for layer in 0..<config.layers { try model.propagate(&states, throughBlock: layer, observer: recorder) }
        #expect(recorder.calls.count == tokens.count * config.layers * 7)
        #expect(recorder.calls.filter { $0.site == .w2 }.allSatisfy { $0.input.count == config.hiddenDim })
        let first = recorder.calls.filter { $0.layer == 1 && $0.position == 3 }
        #expect(first.map(\.site) == [.q, .k, .v, .o, .w1, .w3, .w2])
        #expect(first[0].input == first[1].input && first[1].input == first[2].input && first[4].input == first[5].input)

        // Final norm and classifier on the propagated states reproduce the logits.
        for position in 0..<tokens.count {
            var x = Array(states[position * config.dim..<(position + 1) * config.dim])
            var logits = [Float](repeating: 0, count: config.vocab)
            x.withUnsafeMutableBufferPointer { p in
                Nonlinear.rmsNorm(p.baseAddress!, weight: weights.finalNorm, count: config.dim, epsilon: config.normEps, into: p.baseAddress!)
            }
            x.withUnsafeBufferPointer { input in
                logits.withUnsafeMutableBufferPointer { DenseLinear(rows: config.vocab, columns: config.dim, weights: weights.classifier).apply(input, $0) }
            }
            #expect(logits.map(\.bitPattern) == expected[position].map(\.bitPattern), "position \(position)")
        }
    }

    @Test func replacingABlockChangesOnlyWhatFollows() throws {
        let weights = try SyntheticModel.weights(try SyntheticModel.config())
        let model = Transformer(weights: weights)
        var states = try model.embeddings(of: [1, 4, 7])
        let before = states
        var zeroed = model.blocks[0]
        let shape = LinearSite.w2.shape(in: weights.config)
        zeroed.w2 = DenseLinear(rows: shape.rows, columns: shape.columns, weights: [Float](repeating: 0, count: shape.rows * shape.columns))
        zeroed.o = DenseLinear(rows: weights.config.dim, columns: weights.config.dim, weights: [Float](repeating: 0, count: weights.config.dim * weights.config.dim))
        model.blocks[0] = zeroed
        try model.propagate(&states, throughBlock: 0, observer: nil)
        #expect(states == before)  // both residual branches contribute zero
    }

    @Test func badTokensAndPositionsAreErrors() throws {
        let model = Transformer(weights: try SyntheticModel.weights(try SyntheticModel.config()))
        #expect(throws: InferenceError.tokenOutOfRange(token: 40, vocab: 40)) { _ = try model.logits(token: 40, position: 0) }
        #expect(throws: InferenceError.tokenOutOfRange(token: -1, vocab: 40)) { _ = try model.embeddings(of: [-1]) }
        #expect(throws: InferenceError.positionOutOfRange(position: 32, seqLen: 32)) { _ = try model.logits(token: 1, position: 32) }
        var long = [Float](repeating: 0, count: 33 * 16)
        #expect(throws: InferenceError.positionOutOfRange(position: 32, seqLen: 32)) { try model.propagate(&long, throughBlock: 0, observer: nil) }
    }
}
