/// Matrices that multiply the same input (q, k, v on the normed input; w1, w3 on the
/// normed residual) run on the matrix engine as one command over their rows stacked, so
/// each pays a command's fixed latency once (`ModelShape.blockCommands` in Accel).
extension SparseQuantizedMatrix {
    /// The rows of `matrices`, in order, as one matrix: row sums and outputs are those of
    /// each member, one after another.
    public init(stacking matrices: [SparseQuantizedMatrix]) throws(MatrixStackingError) {
        guard let first = matrices.first else { throw .empty }
        for (index, matrix) in matrices.enumerated() where matrix.columns != first.columns || matrix.groupSize != first.groupSize {
            throw .mismatch(index: index, columns: matrix.columns, groupSize: matrix.groupSize,
                            expectedColumns: first.columns, expectedGroupSize: first.groupSize)
        }
        self.init(rows: matrices.map(\.rows).reduce(0, +), columns: first.columns, groupSize: first.groupSize,
                  groups: matrices.flatMap(\.groups), parameters: matrices.flatMap(\.parameters),
                  rowScales: matrices.flatMap(\.rowScales))
    }

    /// The members of one engine command in a compressed block, by the input they share.
    public static let stackedSites: [[LinearSite]] = [[.q, .k, .v], [.o], [.w1, .w3], [.w2]]
}

/// Why matrices cannot run as one command.
public enum MatrixStackingError: Error, CustomStringConvertible, Equatable {
    case empty
    case mismatch(index: Int, columns: Int, groupSize: Int, expectedColumns: Int, expectedGroupSize: Int)

    public var description: String {
        switch self {
        case .empty: return "no matrices to stack"
        case .mismatch(let index, let columns, let groupSize, let expectedColumns, let expectedGroupSize):
            return "matrix \(index) has \(columns) columns in groups of \(groupSize); stacked matrices share the input: "
                + "expected \(expectedColumns) columns in groups of \(expectedGroupSize)"
        }
    }
}
