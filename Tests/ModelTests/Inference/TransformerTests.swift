import Model
import Numerics
import Testing

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
        #expect(throws: InferenceError.positionOutOfOrder(position: 3, expected: 0)) { _ = try model.logits(token: 1, position: 3) }
        _ = try model.logits(token: 1, position: 0)
        #expect(throws: InferenceError.positionOutOfOrder(position: 0, expected: 1)) { _ = try model.logits(token: 1, position: 0) }
        model.reset()
        _ = try model.logits(token: 1, position: 0)
        var long = [Float](repeating: 0, count: 33 * 16)
        #expect(throws: InferenceError.positionOutOfRange(position: 32, seqLen: 32)) { try model.propagate(&long, throughBlock: 0, observer: nil) }
    }
}
