import Numerics
import Testing

/// `GroupedQueryAttention` (SIMD lanes, paired query heads, lane-wise softmax maximum and
/// divisions) computes `AttentionRule`'s scalar sequence bit for bit, and KV4 attention
/// over `KV4Slots` is the rule reading the stored codes.
@Suite struct AttentionRuleTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 29)
        }
    }

    struct Case {
        var heads, kvHeads, headSize, slots, keyStride: Int
        var query, keys, values: [Float]   // keys transposed (kvDim rows of keyStride), values slot rows
        var kvDim: Int { kvHeads * headSize }
    }

    static func makeCase(heads: Int, kvHeads: Int, headSize: Int, slots: Int, spare: Int = 3, magnitude: Float = 2, seed: UInt64) -> Case {
        var rng = Generator(state: seed)
        let kvDim = kvHeads * headSize, keyStride = slots + spare
        func numbers(_ n: Int) -> [Float] { (0..<n).map { _ in Float.random(in: -magnitude...magnitude, using: &rng) } }
        return Case(heads: heads, kvHeads: kvHeads, headSize: headSize, slots: slots, keyStride: keyStride,
                    query: numbers(heads * headSize), keys: numbers(kvDim * keyStride), values: numbers(slots * kvDim))
    }

    static func simd(_ c: Case) -> [Float] {
        var scores = [Float](repeating: .nan, count: 2 * c.slots), output = [Float](repeating: .nan, count: c.heads * c.headSize)
        GroupedQueryAttention.attend(query: c.query, keys: c.keys, keyStride: c.keyStride, values: c.values, slots: c.slots,
                                     heads: c.heads, kvHeads: c.kvHeads, headSize: c.headSize, scores: &scores, output: &output)
        return output
    }

    static func rule(_ c: Case) -> [Float] {
        var scores = [Float](repeating: .nan, count: c.slots), output = [Float](repeating: .nan, count: c.heads * c.headSize)
        AttentionRule.attend(query: c.query, slots: c.slots, heads: c.heads, kvHeads: c.kvHeads, headSize: c.headSize,
                             key: { c.keys[$1 * c.keyStride + $0] }, value: { c.values[$0 * c.kvDim + $1] },
                             scores: &scores, output: &output)
        return output
    }

    /// Group sizes 1 (no pairs), 2 (stories260K), 3 (a pair and a single), 4; slot counts
    /// around the lane width; head sizes below, at and above it.
    @Test(arguments: [
        (8, 4, 8, 1), (8, 4, 8, 7), (8, 4, 8, 8), (8, 4, 8, 9), (8, 4, 8, 37), (8, 4, 8, 128), (8, 4, 8, 300),
        (4, 4, 12, 21), (6, 2, 6, 9), (6, 2, 16, 64), (4, 1, 16, 33), (3, 3, 5, 1), (2, 1, 24, 17), (8, 2, 3, 50),
    ])
    func simdEvaluationIsTheRuleBitForBit(heads: Int, kvHeads: Int, headSize: Int, slots: Int) {
        for (seed, magnitude) in [(UInt64(1), Float(2)), (2, 40), (3, 0.01)] {
            let c = Self.makeCase(heads: heads, kvHeads: kvHeads, headSize: headSize, slots: slots, magnitude: magnitude,
                                  seed: seed * 1000 + UInt64(heads * 97 + headSize * 13 + slots))
            let simd = Self.simd(c), rule = Self.rule(c)
            #expect(simd.map(\.bitPattern) == rule.map(\.bitPattern), "\(heads)/\(kvHeads) heads, size \(headSize), \(slots) slots, ±\(magnitude)")
            #expect(simd.allSatisfy { $0.isFinite })
        }
    }

    /// Softmax corner cases through the whole attention: ties for the maximum in several
    /// lanes, the maximum in the first slot, in the tail, scores so far apart that most
    /// weights underflow to 0, and a single dominant slot.
    @Test(arguments: [0, 5, 8, 15, 16, 19])
    func softmaxCornersMatchTheRule(maximumSlot: Int) {
        var c = Self.makeCase(heads: 2, kvHeads: 1, headSize: 8, slots: 20, magnitude: 1, seed: UInt64(50 + maximumSlot))
        for i in 0..<8 {
            c.keys[i * c.keyStride + maximumSlot] = 300 * c.query[i]           // dominant for head 0
            c.keys[i * c.keyStride + (maximumSlot + 8) % 20] = 300 * c.query[i] // tied with it
            c.keys[i * c.keyStride + (maximumSlot + 3) % 20] = -300 * c.query[i]
        }
        #expect(Self.simd(c).map(\.bitPattern) == Self.rule(c).map(\.bitPattern))
    }

    /// A NaN score (here: a NaN key) makes every output of the heads reading it NaN in both.
    @Test(arguments: [0, 3, 11])
    func nanScoresGiveNaNOutputsInBoth(slot: Int) {
        var c = Self.makeCase(heads: 4, kvHeads: 2, headSize: 8, slots: 12, seed: 77)
        c.keys[2 * c.keyStride + slot] = .nan   // KV head 0: query heads 0 and 1
        let simd = Self.simd(c), rule = Self.rule(c)
        #expect(simd[0..<16].allSatisfy { $0.isNaN } && rule[0..<16].allSatisfy { $0.isNaN })
        #expect(simd[16...].map(\.bitPattern) == rule[16...].map(\.bitPattern))
    }

    /// `KV4Slots` holds exactly `KVQuantizer`'s codes and fp16 pairs per slot and KV head,
    /// and reads them back as `QuantizedKV.value`.
    @Test func kv4SlotsStoreTheQuantizerCodes() {
        var rng = Generator(state: 9)
        let slots = KV4Slots(slots: 5, kvHeads: 3, headSize: 6)
        for slot in [4, 0, 2] {
            let key = (0..<18).map { _ in Float.random(in: -3...3, using: &rng) }
            let value = (0..<18).map { $0 % 6 == 0 ? 1.5 : Float.random(in: -1...1, using: &rng) }
            key.withUnsafeBufferPointer { k in value.withUnsafeBufferPointer { slots.store(slot: slot, key: k, value: $0) } }
            for head in 0..<3 {
                let expectedKey = KVQuantizer.quantize(Array(key[head * 6..<head * 6 + 6]))
                let expectedValue = KVQuantizer.quantize(Array(value[head * 6..<head * 6 + 6]))
                for i in 0..<6 {
                    #expect(slots.code(slot: slot, element: head * 6 + i, ofKey: true) == expectedKey.codes[i])
                    #expect(slots.code(slot: slot, element: head * 6 + i, ofKey: false) == expectedValue.codes[i])
                    #expect(slots.key(slot: slot, element: head * 6 + i).bitPattern == expectedKey.value(at: i).bitPattern)
                    #expect(slots.value(slot: slot, element: head * 6 + i).bitPattern == expectedValue.value(at: i).bitPattern)
                }
            }
        }
    }

    /// The rule reading KV4 codes in its loop equals the SIMD evaluation over the numbers
    /// the codes stand for, laid out once (what the model's KV4 cache does).
    @Test(arguments: [(8, 4, 8, 40), (6, 2, 6, 13), (4, 4, 16, 9)])
    func kv4AttentionReadingCodesEqualsTheDequantizedLayout(heads: Int, kvHeads: Int, headSize: Int, slots: Int) {
        var rng = Generator(state: UInt64(heads * headSize + slots))
        let kv4 = KV4Slots(slots: slots, kvHeads: kvHeads, headSize: headSize)
        let kvDim = kvHeads * headSize
        for slot in 0..<slots {
            let key = (0..<kvDim).map { _ in Float.random(in: -2...2, using: &rng) }, value = (0..<kvDim).map { _ in Float.random(in: -2...2, using: &rng) }
            key.withUnsafeBufferPointer { k in value.withUnsafeBufferPointer { kv4.store(slot: slot, key: k, value: $0) } }
        }
        let query = (0..<heads * headSize).map { _ in Float.random(in: -2...2, using: &rng) }
        var scores = [Float](repeating: 0, count: 2 * slots), viaCodes = [Float](repeating: .nan, count: heads * headSize)
        AttentionRule.attend(query: query, slots: slots, heads: heads, kvHeads: kvHeads, headSize: headSize,
                             key: { kv4.key(slot: $0, element: $1) }, value: { kv4.value(slot: $0, element: $1) },
                             scores: &scores, output: &viaCodes)
        let keys = (0..<kvDim).flatMap { j in (0..<slots).map { kv4.key(slot: $0, element: j) } }
        let values = (0..<slots).flatMap { t in (0..<kvDim).map { kv4.value(slot: t, element: $0) } }
        var laidOut = [Float](repeating: .nan, count: heads * headSize)
        GroupedQueryAttention.attend(query: query, keys: keys, keyStride: slots, values: values, slots: slots, heads: heads,
                                     kvHeads: kvHeads, headSize: headSize, scores: &scores, output: &laidOut)
        #expect(viaCodes.map(\.bitPattern) == laidOut.map(\.bitPattern))
    }
}
