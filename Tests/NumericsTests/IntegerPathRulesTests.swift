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

    /// The dense form equals `SparseDotProduct.rowSum` exactly, including widths past one
    /// fp32 chunk (1,024 columns) at the largest magnitudes, where an inexact sum would show.
    @Test(arguments: [(3, 13, 8), (2, 172, 32), (6, 1030, 32), (1, 11008, 32), (5, 300, 128)])
    func denseRowWeightsEqualRowSum(rows: Int, columns: Int, groupSize: Int) {
        var rng = Generator(state: UInt64(columns))
        let valid = (0...255).compactMap { SparseGroup(byte: UInt8($0)) }
        let sparse = (columns + 3) / 4, quantization = (columns + groupSize - 1) / groupSize
        for trial in 0..<3 {
            // Trial 0 random; trials 1 and 2 the extremes: the largest mantissa, |q − z| = 3, |x| = 127.
            let groups = (0..<rows * sparse).map { _ in trial == 0 ? valid.randomElement(using: &rng)! : SparseGroup(firstIndex: 0, secondIndex: 1, firstCode: 3, secondCode: 3)! }
            let parameters = (0..<rows * quantization).map { _ in
                trial == 0 ? WeightGroupParameters(scaleMantissa: UInt8.random(in: 1...WeightQuantizer.maxScaleMantissa, using: &rng), zero: UInt8.random(in: 0...3, using: &rng))
                           : WeightGroupParameters(scaleMantissa: WeightQuantizer.maxScaleMantissa, zero: 0)
            }
            let codes: [Int8] = (0..<sparse * 4).map { column in
                column >= columns ? 0 : trial == 0 ? Int8.random(in: -127...127, using: &rng) : trial == 1 ? 127 : -127
            }
            let dense = IntegerRowWeights(rows: rows, columns: columns, groupSize: groupSize, groups: groups, parameters: parameters)
            let wide = codes.map(Float.init) + [Float](repeating: 0, count: dense.paddedColumns - codes.count)
            var allRows = [Int64](repeating: 0, count: rows)
            wide.withUnsafeBufferPointer { x in allRows.withUnsafeMutableBufferPointer { dense.rowSums(activations: x.baseAddress!, into: $0.baseAddress!) } }
            for row in 0..<rows {
                let expected = codes.withUnsafeBufferPointer { activations in
                    SparseDotProduct.rowSum(groups: Array(groups[row * sparse..<(row + 1) * sparse]),
                                            parameters: Array(parameters[row * quantization..<(row + 1) * quantization]),
                                            groupSize: groupSize, activations: activations)
                }
                #expect(wide.withUnsafeBufferPointer { dense.rowSum(row, activations: $0.baseAddress!) } == expected,
                        "\(rows)×\(columns) g\(groupSize) trial \(trial) row \(row)")
                #expect(allRows[row] == expected, "all rows: \(rows)×\(columns) g\(groupSize) trial \(trial) row \(row)")
                let kept = 2 * (columns / 4) + min(columns % 4, 2)  // indices 0 and 1 of every group that exists
                if trial > 0 { #expect(abs(expected) == Int64(kept) * 127 * Int64(WeightQuantizer.maxScaleMantissa) * 3) }
            }
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
