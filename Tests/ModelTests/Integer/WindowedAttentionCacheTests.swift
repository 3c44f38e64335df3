import Model
import Numerics
import Testing

@Suite struct WindowedAttentionCacheTests {
    /// dim 16, 4 heads of 4, 2 KV heads, 40 positions.
    static let config = try! ModelConfig(dim: 16, hiddenDim: 8, layers: 1, heads: 4, kvHeads: 2, vocab: 4, seqLen: 40, sharedClassifier: true)

    struct Step { var key, value, query: [Float] }

    static func steps(seed: UInt64, count: Int = 40) -> [Step] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            Step(key: TestModels.floats(config.kvDim, -2...2, &rng), value: TestModels.floats(config.kvDim, -2...2, &rng),
                 query: TestModels.floats(config.dim, -2...2, &rng))
        }
    }

    /// The attention output at every position.
    static func run(_ cache: any AttentionCache, _ steps: [Step]) -> [[Float]] {
        cache.reset()
        return steps.enumerated().map { position, step in
            step.key.withUnsafeBufferPointer { k in step.value.withUnsafeBufferPointer { cache.store(position: position, key: k, value: $0) } }
            var output = [Float](repeating: .nan, count: config.dim)
            step.query.withUnsafeBufferPointer { q in output.withUnsafeMutableBufferPointer { cache.attend(position: position, query: q, output: $0) } }
            return output
        }
    }

    /// Attention over explicitly listed rows, through the same fp32 rule.
    static func reference(query: [Float], keys: [[Float]], values: [[Float]]) -> [Float] {
        let transposedKeys = (0..<config.kvDim).flatMap { j in keys.map { $0[j] } }, flatValues = values.flatMap { $0 }
        var scores = [Float](repeating: 0, count: 2 * keys.count)
        var output = [Float](repeating: 0, count: config.dim)
        GroupedQueryAttention.attend(query: query, keys: transposedKeys, keyStride: keys.count, values: flatValues, slots: keys.count, heads: config.heads,
                                     kvHeads: config.kvHeads, headSize: config.headSize, scores: &scores, output: &output)
        return output
    }

    /// A row as KV4 stores it: each KV head quantized on its own, then dequantized.
    static func kv4(_ row: [Float]) -> [Float] {
        stride(from: 0, to: row.count, by: config.headSize).flatMap { KVQuantizer.quantize(Array(row[$0..<$0 + config.headSize])).dequantized() }
    }

    @Test func fp32WithoutWindowIsTheFullCache() {
        let steps = Self.steps(seed: 51)
        #expect(Self.run(WindowedAttentionCache(config: Self.config, storage: .fp32, window: nil), steps)
                    == Self.run(FullAttentionCache(config: Self.config), steps))
    }

    @Test func kv4AttendsOverTheDequantizedValues() {
        let steps = Self.steps(seed: 52)
        let outputs = Self.run(WindowedAttentionCache(config: Self.config, storage: .fourBit, window: nil), steps)
        for position in [0, 1, 17, 39] {
            let kept = steps[0...position]
            #expect(outputs[position] == Self.reference(query: steps[position].query, keys: kept.map { Self.kv4($0.key) },
                                                        values: kept.map { Self.kv4($0.value) }))
        }
        // KV4 does change the result (the test above is not vacuous).
        #expect(outputs != Self.run(WindowedAttentionCache(config: Self.config, storage: .fp32, window: nil), steps))
    }

    @Test(arguments: [KVStorage.fourBit, .fp32])
    func windowCoveringTheSequenceEqualsTheFullCache(storage: KVStorage) throws {
        let steps = Self.steps(seed: 53)
        let full = Self.run(WindowedAttentionCache(config: Self.config, storage: storage, window: nil), steps)
        for (sinks, recent) in [(4, 36), (0, 40), (10, 100), (39, 1)] {
            let window = try #require(AttentionWindow(sinks: sinks, recent: recent))
            #expect(Self.run(WindowedAttentionCache(config: Self.config, storage: storage, window: window), steps) == full, "S \(sinks) W \(recent)")
        }
    }

    @Test(arguments: [(2, 5), (0, 3), (4, 1), (1, 8)])
    func evictsEverythingBetweenSinksAndWindow(sinks: Int, recent: Int) throws {
        let window = try #require(AttentionWindow(sinks: sinks, recent: recent))
        let steps = Self.steps(seed: 54)
        let outputs = Self.run(WindowedAttentionCache(config: Self.config, storage: .fourBit, window: window), steps)
        for position in steps.indices {
            let (sinkRange, recentRange) = window.keptPositions(newest: position)
            let kept = (Array(sinkRange) + Array(recentRange)).map { steps[$0] }
            #expect(outputs[position] == Self.reference(query: steps[position].query, keys: kept.map { Self.kv4($0.key) },
                                                        values: kept.map { Self.kv4($0.value) }), "position \(position)")
        }
        // A position between the sinks and the window is really gone: changing it changes
        // the outputs only while it is still in the window.
        var changed = steps
        let victim = sinks + 1
        changed[victim].key = changed[victim].key.map { $0 * 3 + 1 }
        changed[victim].value = changed[victim].value.map { -$0 }
        let changedOutputs = Self.run(WindowedAttentionCache(config: Self.config, storage: .fourBit, window: window), changed)
        for position in steps.indices {
            if position < victim { #expect(changedOutputs[position] == outputs[position]) }
            else if position < victim + recent { #expect(changedOutputs[position] != outputs[position], "position \(position)") }
            else { #expect(changedOutputs[position] == outputs[position], "position \(position): evicted position \(victim) still seen") }
        }
    }

    /// The KV4 cache's outputs are Numerics' `AttentionRule` reading the codes in its own
    /// `KV4Slots` (dequantized in the loop), over the kept slots in position order.
    @Test(arguments: [nil, AttentionWindow(sinks: 3, recent: 6)])
    func kv4CacheIsTheRuleReadingItsCodes(window: AttentionWindow?) throws {
        let steps = Self.steps(seed: 57)
        let cache = WindowedAttentionCache(config: Self.config, storage: .fourBit, window: window)
        let kv4 = try #require(cache.kv4)
        for (position, step) in steps.enumerated() {
            step.key.withUnsafeBufferPointer { k in step.value.withUnsafeBufferPointer { cache.store(position: position, key: k, value: $0) } }
            var output = [Float](repeating: .nan, count: Self.config.dim)
            step.query.withUnsafeBufferPointer { q in output.withUnsafeMutableBufferPointer { cache.attend(position: position, query: q, output: $0) } }
            let kept = window.map { w in let (s, r) = w.keptPositions(newest: position); return Array(s) + Array(r) } ?? Array(0...position)
            let slots = kept.map { window?.slot(of: $0) ?? $0 }
            var scores = [Float](repeating: 0, count: slots.count), expected = [Float](repeating: .nan, count: Self.config.dim)
            AttentionRule.attend(query: step.query, slots: slots.count, heads: Self.config.heads, kvHeads: Self.config.kvHeads,
                                 headSize: Self.config.headSize, key: { kv4.key(slot: slots[$0], element: $1) },
                                 value: { kv4.value(slot: slots[$0], element: $1) }, scores: &scores, output: &expected)
            #expect(output.map(\.bitPattern) == expected.map(\.bitPattern), "position \(position)")
        }
    }

    @Test func resetStartsANewSequence() throws {
        let window = try #require(AttentionWindow(sinks: 2, recent: 3))
        let cache = WindowedAttentionCache(config: Self.config, storage: .fourBit, window: window)
        let first = Self.run(cache, Self.steps(seed: 55))
        _ = Self.run(cache, Self.steps(seed: 56))
        #expect(Self.run(cache, Self.steps(seed: 55)) == first)
        #expect(cache.slotCount == 5)
    }
}
