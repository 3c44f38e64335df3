/// The layer-input Hessian H = (2/N) Σ x xᵀ as SparseGPT and GPTQ accumulate it: a
/// running mean over calibration samples (N counts samples, i.e. segments, not tokens),
/// updated per batch as H *= n/(n+b); X *= sqrt(2/(n+b)); H += X Xᵀ. In Double.
public struct HessianAccumulator: Sendable {
    public let dimension: Int
    /// Samples (segments) seen so far.
    public private(set) var samples = 0
    /// Only the upper triangle is accumulated; `hessian` mirrors it.
    private var upper: [Double]

    public init(dimension: Int) {
        self.dimension = dimension
        upper = [Double](repeating: 0, count: dimension * dimension)
    }

    /// Adds one batch of `samples` samples whose input vectors are the rows of `inputs`
    /// (`tokens × dimension`, row-major; all tokens of all samples in the batch).
    public mutating func add(inputs: [Float], samples batch: Int = 1) throws {
        let n = dimension
        guard batch > 0 else { throw CompressionError.invalidSettings("a Hessian batch needs at least one sample") }
        guard inputs.count % n == 0 else {
            throw CompressionError.invalidSettings("a Hessian batch of \(inputs.count) values is not a whole number of \(n)-wide input vectors")
        }
        if let index = inputs.firstIndex(where: { !$0.isFinite }) {
            throw CompressionError.nonFinite(what: "calibration activations", index: index)
        }
        let tokens = inputs.count / n
        let decay = Double(samples) / Double(samples + batch)
        let scale = (2 / Double(samples + batch)).squareRoot()
        // Transposed and scaled, so each H entry is a dot product of two contiguous rows.
        var columns = [Double](repeating: 0, count: n * tokens)
        for t in 0..<tokens {
            for i in 0..<n { columns[i * tokens + t] = Double(inputs[t * n + i]) * scale }
        }
        columns.withUnsafeBufferPointer { x in
            upper.withUnsafeMutableBufferPointer { h in
                for i in 0..<n {
                    let rowI = x.baseAddress! + i * tokens
                    for j in i..<n {
                        let rowJ = x.baseAddress! + j * tokens
                        var sum = 0.0
                        for t in 0..<tokens { sum += rowI[t] * rowJ[t] }
                        h[i * n + j] = h[i * n + j] * decay + sum
                    }
                }
            }
        }
        samples += batch
    }

    /// The accumulated H (symmetric).
    public var hessian: SquareMatrix {
        var matrix = SquareMatrix(dimension: dimension, values: upper)
        for i in 0..<dimension {
            for j in 0..<i { matrix[i, j] = upper[j * dimension + i] }
        }
        return matrix
    }
}
