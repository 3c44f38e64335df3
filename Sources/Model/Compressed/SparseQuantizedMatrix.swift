import Numerics

/// A linear layer's weight matrix after 2:4 pruning and W2 group quantization, in the
/// operand form the RCE consumes (see docs/numerics.md): per row, one `SparseGroup`
/// per four dense columns, one `WeightGroupParameters` per quantization group of
/// `groupSize` dense columns (the last group may be short), and one fp32 row scale.
///
/// This is the hand-off between the compressor (which produces it), the `.rce` format
/// (which stores it) and the integer inference path (which multiplies with it).
public struct SparseQuantizedMatrix: Sendable, Equatable {
    /// Output features.
    public let rows: Int
    /// Dense input features (before padding to a multiple of 4).
    public let columns: Int
    /// Dense columns per quantization group; a multiple of 4.
    public let groupSize: Int
    /// `rows × sparseGroupsPerRow` groups, row-major.
    public var groups: [SparseGroup]
    /// `rows × quantizationGroupsPerRow` parameters, row-major.
    public var parameters: [WeightGroupParameters]
    /// One per row: `groupScale = Float(mantissa) · rowScale`.
    public var rowScales: [Float]

    /// Sparse groups per row: the dense columns padded with zeros to a multiple of 4.
    public var sparseGroupsPerRow: Int { (columns + SparseGroup.denseWidth - 1) / SparseGroup.denseWidth }
    /// Quantization groups per row; the last one covers fewer columns when `groupSize`
    /// does not divide `columns`.
    public var quantizationGroupsPerRow: Int { (columns + groupSize - 1) / groupSize }

    public init(rows: Int, columns: Int, groupSize: Int, groups: [SparseGroup],
                parameters: [WeightGroupParameters], rowScales: [Float]) {
        precondition(groupSize > 0 && groupSize % SparseGroup.denseWidth == 0, "group size must be a positive multiple of 4")
        self.rows = rows
        self.columns = columns
        self.groupSize = groupSize
        self.groups = groups
        self.parameters = parameters
        self.rowScales = rowScales
        precondition(groups.count == rows * sparseGroupsPerRow, "groups count does not match the shape")
        precondition(parameters.count == rows * quantizationGroupsPerRow, "parameters count does not match the shape")
        precondition(rowScales.count == rows, "row scales count does not match the shape")
    }

    /// The fp32 value every stored weight stands for (zeros where pruned), row-major
    /// `rows × columns`: what a dequantize-then-fp32 evaluation multiplies with.
    public func dequantized() -> [Float] {
        var dense = [Float](repeating: 0, count: rows * columns)
        let perRow = sparseGroupsPerRow, perGroup = groupSize / SparseGroup.denseWidth
        for row in 0..<rows {
            for j in 0..<perRow {
                let group = groups[row * perRow + j]
                let parameter = parameters[row * quantizationGroupsPerRow + j / perGroup]
                let scale = parameter.scale(rowScale: rowScales[row])
                for (index, code) in [(group.firstIndex, group.firstCode), (group.secondIndex, group.secondCode)] {
                    let column = j * SparseGroup.denseWidth + index
                    guard column < columns else { continue }
                    dense[row * columns + column] = WeightQuantizer.dequantize(code: code, scale: scale, zero: parameter.zero)
                }
            }
        }
        return dense
    }
}
