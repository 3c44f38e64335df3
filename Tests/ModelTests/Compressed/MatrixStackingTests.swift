import Model
import Numerics
import Testing

@Suite struct MatrixStackingTests {
    /// A stacked matrix multiplies like its members one after another, short last groups
    /// (columns 44 in groups of 8) included.
    @Test func stackedRowSumsAreTheMembersInOrder() throws {
        var rng = SeededGenerator(seed: 7)
        let members = [5, 3, 8].map { TestModels.randomMatrix(rows: $0, columns: 44, groupSize: 8, &rng) }
        let stacked = try SparseQuantizedMatrix(stacking: members)
        #expect(stacked.rows == 16 && stacked.columns == 44 && stacked.groupSize == 8)
        let codes = (0..<44).map { _ in Int8.random(in: -128...127, using: &rng) }
        #expect(IntegerLinear(stacked).rowSums(activationCodes: codes)
                == members.flatMap { IntegerLinear($0).rowSums(activationCodes: codes) })
        #expect(stacked.rowScales == members.flatMap(\.rowScales))
    }

    /// Every block's sites appear once in the command grouping, each group sharing an input.
    @Test func commandGroupsCoverEverySiteOnce() throws {
        let sites = SparseQuantizedMatrix.stackedSites.flatMap { $0 }
        #expect(Set(sites) == Set(LinearSite.allCases) && sites.count == LinearSite.allCases.count)
        let config = try TestModels.tinyConfig()
        for group in SparseQuantizedMatrix.stackedSites {
            #expect(Set(group.map { $0.shape(in: config).columns }).count == 1, "\(group)")
        }
    }

    @Test func matricesWithDifferentInputsDoNotStack() {
        var rng = SeededGenerator(seed: 8)
        let a = TestModels.randomMatrix(rows: 2, columns: 16, groupSize: 8, &rng)
        let b = TestModels.randomMatrix(rows: 2, columns: 24, groupSize: 8, &rng)
        let c = TestModels.randomMatrix(rows: 2, columns: 16, groupSize: 4, &rng)
        #expect(throws: MatrixStackingError.empty) { try SparseQuantizedMatrix(stacking: []) }
        for (other, index) in [(b, 1), (c, 1)] {
            do {
                _ = try SparseQuantizedMatrix(stacking: [a, other])
                Issue.record("stacked matrices with different inputs")
            } catch {
                #expect(error.description.hasPrefix("matrix \(index) has"), "\(error)")
            }
        }
    }
}
