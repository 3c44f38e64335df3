import Numerics
import Testing

/// The rules the integer inference path added: the non-allocating quantizer entry points
/// (the same codes and scales as the array forms, including the edge cases) and the
/// Λ-attention window.
@Suite struct IntegerPathRulesTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 29)
        }
    }

    static let vectors: [[Float]] = {
        var rng = Generator(state: 5)
        var vectors: [[Float]] = [[], [0, 0, 0], [3, 3, 3, 3], [.infinity, 1], [-0.5, 0.25, 127, -127], [1e-30, -1e-30]]
        for count in [1, 7, 64, 172] {
            vectors.append((0..<count).map { _ in Float.random(in: -4...4, using: &rng) })
        }
        return vectors
    }()

    @Test func activationQuantizerIntoBufferMatchesArrayForm() {
        for values in Self.vectors {
            var codes = [Int8](repeating: 99, count: values.count)
            let scale = values.withUnsafeBufferPointer { input in
                codes.withUnsafeMutableBufferPointer { ActivationQuantizer.quantize(input, into: $0) }
            }
            let expected = ActivationQuantizer.quantize(values)
            #expect(codes == expected.codes && scale == expected.scale, "\(values)")
        }
        // The rule itself on a hand-computed case: absmax 127, so codes are round(x) half to even.
        var codes = [Int8](repeating: 0, count: 4)
        let scale = [Float(127), -63.5, 0.5, 1.5].withUnsafeBufferPointer { input in
            codes.withUnsafeMutableBufferPointer { ActivationQuantizer.quantize(input, into: $0) }
        }
        #expect(codes == [127, -64, 0, 2])
        #expect(scale == 1)
    }

    @Test func kvQuantizerIntoBufferMatchesArrayForm() {
        for values in Self.vectors {
            var codes = [UInt8](repeating: 99, count: values.count)
            let (minimum, scale) = values.withUnsafeBufferPointer { input in
                codes.withUnsafeMutableBufferPointer { KVQuantizer.quantize(input, into: $0) }
            }
            let expected = KVQuantizer.quantize(values)
            #expect(codes == expected.codes && minimum == expected.minimum && scale == expected.scale, "\(values)")
            #expect((0..<codes.count).map { KVQuantizer.dequantize(code: codes[$0], minimum: minimum, scale: scale) }
                        == expected.dequantized())
        }
    }

    @Test func windowRejectsAnEmptyRing() {
        #expect(AttentionWindow(sinks: 4, recent: 0) == nil)
        #expect(AttentionWindow(sinks: -1, recent: 4) == nil)
        #expect(AttentionWindow(sinks: 0, recent: 1)?.capacity == 1)
    }

    /// Simulates the slot memory position by position: the slots always hold exactly the
    /// kept positions, each in its own slot, sinks never move, and an evicted position
    /// never comes back.
    @Test(arguments: [(0, 1), (0, 5), (2, 3), (4, 8), (3, 1)])
    func slotsHoldExactlyTheKeptPositions(sinks: Int, recent: Int) throws {
        let window = try #require(AttentionWindow(sinks: sinks, recent: recent))
        var memory = [Int?](repeating: nil, count: window.capacity)
        var evicted = Set<Int>()
        for newest in 0..<40 {
            let slot = window.slot(of: newest)
            #expect((0..<window.capacity).contains(slot))
            if let previous = memory[slot] {
                #expect(previous >= sinks, "a sink was overwritten")
                evicted.insert(previous)
            }
            memory[slot] = newest
            let (sinkRange, recentRange) = window.keptPositions(newest: newest)
            let kept = Array(sinkRange) + Array(recentRange)
            #expect(Set(memory.compactMap { $0 }) == Set(kept), "newest \(newest)")
            #expect(kept == kept.sorted() && kept.count == min(newest + 1, sinks + recent))
            #expect(kept.last == newest)
            #expect(evicted.isDisjoint(with: kept))
            for position in 0...newest { #expect(window.keeps(position, newest: newest) == kept.contains(position)) }
        }
    }
}
