import Testing
import Compress

@Suite struct InverseHessianTests {
    @Test func deadInputsGetUnitDiagonalAndDampingIsRelativeToTheMeanDiagonal() throws {
        // Input 1 never fires. After the rule: diag (4, 1, 2) + 1% of mean 7/3.
        let hessian = SquareMatrix(dimension: 3, values: [4, 0, 1, 0, 0, 0, 1, 0, 2])
        let inverse = try InverseHessian(hessian: hessian, damping: 0.01)
        #expect(inverse.deadColumns == [1])
        var damped = SquareMatrix(dimension: 3, values: [4, 0, 1, 0, 1, 0, 1, 0, 2])
        for i in 0..<3 { damped[i, i] += 0.01 * 7 / 3 }
        let reproduced = inverse.upper.transposed.multiplied(by: inverse.upper)
        #expect(damped.multiplied(by: reproduced).maxAbsoluteDifference(.identity(3)) < 1e-12)
    }
}
