/// A dense fp32 weight matrix, row-major `[outputCount × inputCount]`.
///
/// Summation order (the fp32 reference's, documented so results are reproducible): each
/// row's dot product runs over 8-wide lanes, `acc[l] += w[8k + l] · x[8k + l]`, then the
/// lanes are added in a fixed tree, then the `inputCount mod 8` tail in index order.
public struct DenseLinear: LinearLayer, Sendable {
    public let inputCount: Int
    public let outputCount: Int
    public let weights: [Float]

    public init(rows: Int, columns: Int, weights: [Float]) {
        precondition(weights.count == rows * columns, "DenseLinear: \(weights.count) weights for \(rows) × \(columns)")
        inputCount = columns
        outputCount = rows
        self.weights = weights
    }

    public func apply(_ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>) {
        weights.withUnsafeBufferPointer { w in
            DenseLinear.matrixVector(w.baseAddress!, input.baseAddress!, output.baseAddress!, rows: outputCount, columns: inputCount)
        }
    }

    @inlinable
    static func matrixVector(_ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                             rows: Int, columns: Int) {
        let wide = columns / 8 * 8
        for row in 0..<rows {
            let r = w + row * columns
            var accumulator = SIMD8<Float>()
            var j = 0
            while j < wide {
                let wv = UnsafeRawPointer(r + j).loadUnaligned(as: SIMD8<Float>.self)
                let xv = UnsafeRawPointer(x + j).loadUnaligned(as: SIMD8<Float>.self)
                accumulator += wv * xv
                j += 8
            }
            let half = accumulator.lowHalf + accumulator.highHalf
            let quarter = half.lowHalf + half.highHalf
            var sum = quarter[0] + quarter[1]
            while j < columns {
                sum += r[j] * x[j]
                j += 1
            }
            y[row] = sum
        }
    }
}
