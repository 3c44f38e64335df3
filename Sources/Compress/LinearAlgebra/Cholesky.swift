/// Cholesky factorization and what GPTQ/SparseGPT build from it. All loops run along
/// contiguous rows (dot products of row prefixes/suffixes), so they stay cache-friendly
/// at Llama widths.
public enum Cholesky {
    /// The lower factor L of a symmetric positive definite A = L·Lᵀ (only A's lower
    /// triangle is read). Throws `CompressionError.notPositiveDefinite` at the first
    /// non-positive pivot.
    public static func lower(_ matrix: SquareMatrix) throws -> SquareMatrix {
        let n = matrix.dimension
        var factor = [Double](repeating: 0, count: n * n)
        var failure: (Int, Double)?
        matrix.values.withUnsafeBufferPointer { a in
            factor.withUnsafeMutableBufferPointer { l in
                outer: for j in 0..<n {
                    var pivot = a[j * n + j]
                    for k in 0..<j { pivot -= l[j * n + k] * l[j * n + k] }
                    guard pivot > 0, pivot.isFinite else {
                        failure = (j, pivot)
                        break outer
                    }
                    let diagonal = pivot.squareRoot()
                    l[j * n + j] = diagonal
                    for i in (j + 1)..<n {
                        var sum = a[i * n + j]
                        for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                        l[i * n + j] = sum / diagonal
                    }
                }
            }
        }
        if let (pivot, value) = failure { throw CompressionError.notPositiveDefinite(pivot: pivot, value: value) }
        return SquareMatrix(dimension: n, values: factor)
    }

    /// A⁻¹ from A's Cholesky factor (`torch.cholesky_inverse`): with M = L⁻¹,
    /// A⁻¹ = Mᵀ·M.
    public static func inverse(fromLower factor: SquareMatrix) -> SquareMatrix {
        let n = factor.dimension
        // Rows of Mᵀ (= columns of the lower-triangular M) are contiguous in `inverseT`:
        // inverseT[i, k] = M[k, i], nonzero for k ≥ i.
        var inverseT = [Double](repeating: 0, count: n * n)
        factor.values.withUnsafeBufferPointer { l in
            inverseT.withUnsafeMutableBufferPointer { t in
                // Solve L·m = e_i for column i of M by forward substitution.
                for i in 0..<n {
                    t[i * n + i] = 1 / l[i * n + i]
                    for k in (i + 1)..<n {
                        var sum = 0.0
                        for p in i..<k { sum -= l[k * n + p] * t[i * n + p] }
                        t[i * n + k] = sum / l[k * n + k]
                    }
                }
            }
        }
        var result = [Double](repeating: 0, count: n * n)
        inverseT.withUnsafeBufferPointer { t in
            result.withUnsafeMutableBufferPointer { r in
                for i in 0..<n {
                    for j in i..<n {
                        var sum = 0.0
                        for k in j..<n { sum += t[i * n + k] * t[j * n + k] }
                        r[i * n + j] = sum
                        r[j * n + i] = sum
                    }
                }
            }
        }
        return SquareMatrix(dimension: n, values: result)
    }

    /// The upper factor U of A⁻¹ = Uᵀ·U: the official code's `Hinv`
    /// (`cholesky(cholesky_inverse(cholesky(H)), upper=True)`). Row i of U holds the
    /// OBS update of the columns after i when column i is fixed.
    public static func upperFactorOfInverse(_ matrix: SquareMatrix) throws -> SquareMatrix {
        try lower(inverse(fromLower: lower(matrix))).transposed
    }
}
