/// What the OBS column sweep needs from a layer's Hessian, prepared as the official
/// SparseGPT/GPTQ code does: inputs that never fired (H[i,i] == 0) are "dead" (their
/// diagonal becomes 1 and their weights are zeroed), then `damping` × the mean diagonal
/// is added to the diagonal, and `upper` is the upper Cholesky factor of H⁻¹.
public struct InverseHessian: Sendable {
    public let upper: SquareMatrix
    /// Input columns whose weights must be zeroed.
    public let deadColumns: [Int]

    public init(hessian: SquareMatrix, damping: Double) throws {
        guard damping >= 0, damping.isFinite else {
            throw CompressionError.invalidSettings("damping must be a non-negative number, got \(damping)")
        }
        let n = hessian.dimension
        if let index = hessian.values.firstIndex(where: { !$0.isFinite }) {
            throw CompressionError.nonFinite(what: "Hessian", index: index)
        }
        var h = hessian
        var dead: [Int] = []
        for i in 0..<n where h[i, i] == 0 {
            h[i, i] = 1
            dead.append(i)
        }
        var diagonalSum = 0.0
        for i in 0..<n { diagonalSum += h[i, i] }
        let damp = damping * diagonalSum / Double(Swift.max(n, 1))
        for i in 0..<n { h[i, i] += damp }
        upper = try Cholesky.upperFactorOfInverse(h)
        deadColumns = dead
    }
}
