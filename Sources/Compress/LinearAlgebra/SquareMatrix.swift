/// A dense `n × n` matrix of Doubles, row-major. The compressor's Hessians and their
/// factors live in this form; Double because the inverse of a damped Hessian loses
/// digits that fp32 (what the official code uses on GPUs) cannot spare.
public struct SquareMatrix: Sendable, Equatable {
    public let dimension: Int
    /// `dimension × dimension` values, row-major.
    public var values: [Double]

    public init(dimension: Int, values: [Double]) {
        precondition(values.count == dimension * dimension, "values do not match the dimension")
        self.dimension = dimension
        self.values = values
    }

    public static func zeros(_ dimension: Int) -> SquareMatrix {
        SquareMatrix(dimension: dimension, values: [Double](repeating: 0, count: dimension * dimension))
    }

    public static func identity(_ dimension: Int) -> SquareMatrix {
        var matrix = zeros(dimension)
        for i in 0..<dimension { matrix[i, i] = 1 }
        return matrix
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { values[row * dimension + column] }
        set { values[row * dimension + column] = newValue }
    }

    public var transposed: SquareMatrix {
        var result = self
        for i in 0..<dimension {
            for j in 0..<dimension { result[i, j] = self[j, i] }
        }
        return result
    }

    /// `self · other`, i-k-j order so the inner loop runs along rows of both.
    public func multiplied(by other: SquareMatrix) -> SquareMatrix {
        precondition(other.dimension == dimension, "dimensions differ")
        let n = dimension
        var result = [Double](repeating: 0, count: n * n)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                result.withUnsafeMutableBufferPointer { c in
                    for i in 0..<n {
                        for k in 0..<n {
                            let factor = a[i * n + k]
                            if factor == 0 { continue }
                            for j in 0..<n { c[i * n + j] += factor * b[k * n + j] }
                        }
                    }
                }
            }
        }
        return SquareMatrix(dimension: n, values: result)
    }

    /// Largest absolute entry of `self − other`.
    public func maxAbsoluteDifference(_ other: SquareMatrix) -> Double {
        precondition(other.dimension == dimension, "dimensions differ")
        return zip(values, other.values).reduce(0) { Swift.max($0, abs($1.0 - $1.1)) }
    }
}
