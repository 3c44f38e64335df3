import Model
import Numerics

/// W2 codes of a layer with their group parameters (Numerics' stored form).
public struct QuantizedWeights: Sendable, Equatable {
    public let groupSize: Int
    /// `rows × columns`; meaningful where the weight is kept.
    public let codes: [UInt8]
    /// `rows × groupsPerRow`.
    public let parameters: [WeightGroupParameters]
    public let rowScales: [Float]
}

/// One linear layer after compression.
public struct LayerCompressionResult: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// The values the layer now multiplies with (pruned weights 0, quantized ones
    /// dequantized), row-major `rows × columns`.
    public let weights: [Float]
    /// The 2:4 mask (`rows × columns`, true = kept) when the layer was pruned.
    public let kept: [Bool]?
    public let quantized: QuantizedWeights?
    /// The OBS objective Σ (w − q)² / [H⁻¹]²_jj / 2 over all weights (0 without error
    /// compensation, where no Hessian exists).
    public let loss: Double

    /// The layer in the hardware's operand form; needs both 2:4 pruning and W2.
    public func sparseQuantized() throws -> SparseQuantizedMatrix {
        guard let kept, let quantized else {
            throw CompressionError.invalidSettings("the sparse W2 form needs both 2:4 pruning and W2 quantization")
        }
        let perRow = columns / SparseGroup.denseWidth
        var groups: [SparseGroup] = []
        groups.reserveCapacity(rows * perRow)
        for row in 0..<rows {
            for group in 0..<perRow {
                let base = row * columns + group * SparseGroup.denseWidth
                let positions = (0..<SparseGroup.denseWidth).filter { kept[base + $0] }
                guard positions.count == SparseGroup.keptCount,
                      let sparse = SparseGroup(firstIndex: positions[0], secondIndex: positions[1],
                                               firstCode: quantized.codes[base + positions[0]],
                                               secondCode: quantized.codes[base + positions[1]]) else {
                    throw CompressionError.invalidSettings("row \(row), group \(group) does not keep exactly 2 of 4 weights")
                }
                groups.append(sparse)
            }
        }
        return SparseQuantizedMatrix(rows: rows, columns: columns, groupSize: quantized.groupSize, groups: groups,
                                     parameters: quantized.parameters, rowScales: quantized.rowScales)
    }
}
