import Testing
import Compress

@Suite struct CholeskyTests {
    // The textbook example: A = L Lᵀ with L = [[2,0,0],[6,1,0],[-8,5,3]].
    let matrix = SquareMatrix(dimension: 3, values: [4, 12, -16, 12, 37, -43, -16, -43, 98])

    @Test func lowerFactorOfAKnownMatrix() throws {
        let factor = try Cholesky.lower(matrix)
        #expect(factor.maxAbsoluteDifference(SquareMatrix(dimension: 3, values: [2, 0, 0, 6, 1, 0, -8, 5, 3])) < 1e-12)
    }

    @Test func inverseOfAKnownMatrix() throws {
        let inverse = Cholesky.inverse(fromLower: try Cholesky.lower(matrix))
        // A⁻¹ = [[49.361, -13.556, 2.111], [-13.556, 3.778, -0.556], [2.111, -0.556, 0.111]] (exact: /36).
        let expected = SquareMatrix(dimension: 3, values: [1777, -488, 76, -488, 136, -20, 76, -20, 4].map { $0 / 36 })
        #expect(inverse.maxAbsoluteDifference(expected) < 1e-10)
        #expect(matrix.multiplied(by: inverse).maxAbsoluteDifference(.identity(3)) < 1e-10)
    }

    @Test func upperFactorOfTheInverseIsUpperAndReproducesIt() throws {
        var random = SplitMix64(seed: 7)
        let n = 40
        let b = SquareMatrix(dimension: n, values: (0..<n * n).map { _ in Double(random.gaussian()) })
        var spd = b.transposed.multiplied(by: b)
        for i in 0..<n { spd[i, i] += 1 }
        let upper = try Cholesky.upperFactorOfInverse(spd)
        for i in 0..<n {
            for j in 0..<i { #expect(upper[i, j] == 0) }
            #expect(upper[i, i] > 0)
        }
        // Uᵀ U = A⁻¹  ⇔  A Uᵀ U = I.
        let product = spd.multiplied(by: upper.transposed.multiplied(by: upper))
        #expect(product.maxAbsoluteDifference(.identity(n)) < 1e-8)
    }

    @Test func indefiniteMatrixIsRejectedWithThePivot() {
        let indefinite = SquareMatrix(dimension: 2, values: [1, 2, 2, 1])
        #expect(throws: CompressionError.notPositiveDefinite(pivot: 1, value: -3)) { try Cholesky.lower(indefinite) }
    }
}
