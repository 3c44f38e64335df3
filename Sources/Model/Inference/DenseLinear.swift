/// A dense fp32 weight matrix, row-major `[outputCount × inputCount]`.
///
/// Summation order (the fp32 reference's, documented so results are reproducible): each
/// row's dot product runs over 8 lanes, `acc[l] = 0 + w[l]·x[l] + w[8+l]·x[8+l] + ...`,
/// then the lanes are added in a fixed tree (`finish`), then the `inputCount mod 8` tail
/// in index order.
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

    /// Four rows at a time (independent sums that keep the core busy), each row summed
    /// exactly as `rowDot` does alone.
    @inlinable
    static func matrixVector(_ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                             rows: Int, columns: Int) {
        let wide = columns / 8 * 8
        var row = 0
        while row + 4 <= rows {
            let r0 = w + row * columns, r1 = r0 + columns, r2 = r1 + columns, r3 = r2 + columns
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            var j = 0
            while j < wide {
                let xv = load(x + j)
                a0 += load(r0 + j) * xv
                a1 += load(r1 + j) * xv
                a2 += load(r2 + j) * xv
                a3 += load(r3 + j) * xv
                j += 8
            }
            y[row] = finish(a0, r0, x, from: wide, to: columns)
            y[row + 1] = finish(a1, r1, x, from: wide, to: columns)
            y[row + 2] = finish(a2, r2, x, from: wide, to: columns)
            y[row + 3] = finish(a3, r3, x, from: wide, to: columns)
            row += 4
        }
        while row < rows {
            y[row] = rowDot(w + row * columns, x, columns: columns)
            row += 1
        }
    }

    /// One row: 8 lane sums over the first ⌊n/8⌋·8 columns, then `finish`.
    @inlinable
    static func rowDot(_ r: UnsafePointer<Float>, _ x: UnsafePointer<Float>, columns: Int) -> Float {
        let wide = columns / 8 * 8
        var accumulator = SIMD8<Float>()
        var j = 0
        while j < wide {
            accumulator += load(r + j) * load(x + j)
            j += 8
        }
        return finish(accumulator, r, x, from: wide, to: columns)
    }

    /// Lanes added as ((l0+l4)+(l1+l5)) + ((l2+l6)+(l3+l7)), then the tail in index order.
    @inlinable @inline(__always)
    static func finish(_ lanes: SIMD8<Float>, _ r: UnsafePointer<Float>, _ x: UnsafePointer<Float>, from start: Int, to end: Int) -> Float {
        let half = lanes.lowHalf + lanes.highHalf
        let quarter = half.evenHalf + half.oddHalf
        var sum = quarter[0] + quarter[1]
        for j in start..<end { sum += r[j] * x[j] }
        return sum
    }

    @inlinable @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }
}
