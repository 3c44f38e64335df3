import Testing
import Compress

@Suite struct HessianAccumulatorTests {
    @Test func runningMeanEqualsTwoOverSamplesTimesXtX() throws {
        var random = SplitMix64(seed: 3)
        let n = 5, tokens = 6
        let batches = (0..<3).map { _ in (0..<tokens * n).map { _ in random.gaussian() } }
        var accumulator = HessianAccumulator(dimension: n)
        try accumulator.add(inputs: batches[0])
        try accumulator.add(inputs: batches[1] + batches[2], samples: 2)
        #expect(accumulator.samples == 3)
        var expected = SquareMatrix.zeros(n)
        for batch in batches {
            for t in 0..<tokens {
                for i in 0..<n {
                    for j in 0..<n { expected[i, j] += 2.0 / 3.0 * Double(batch[t * n + i]) * Double(batch[t * n + j]) }
                }
            }
        }
        #expect(accumulator.hessian.maxAbsoluteDifference(expected) < 1e-9)
    }

    @Test func malformedBatchesAreRejected() {
        var accumulator = HessianAccumulator(dimension: 4)
        #expect(throws: CompressionError.self) { try accumulator.add(inputs: [1, 2, 3]) }
        #expect(throws: CompressionError.nonFinite(what: "calibration activations", index: 2)) {
            try accumulator.add(inputs: [1, 2, .nan, 4])
        }
    }
}
