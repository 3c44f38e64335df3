import Model
import Numerics
import Testing

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
