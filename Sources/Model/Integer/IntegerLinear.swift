import Numerics

/// A compressed linear layer computed exactly as the RCE computes it
/// (docs/numerics.md, "The integer path"): the input vector is quantized to A8 with
/// `ActivationQuantizer` (one scale per call, i.e. per token), each output row's exact
/// integer `rowSum` (`SparseDotProduct`'s rule, evaluated through `IntegerRowWeights`,
/// its exact dense form), and the fp32 result
/// `SparseDotProduct.output(rowSum, rowScale, activationScale)`.
///
/// Holds its code buffers, so `apply` allocates nothing; one instance per thread. The
/// forward pass hands layers that read the same vector one `ActivationCodes` instead
/// (`apply(codes:_:)`), so the vector is quantized once.
public final class IntegerLinear: LinearLayer {
    public let matrix: SparseQuantizedMatrix
    public var inputCount: Int { matrix.columns }
    public var outputCount: Int { matrix.rows }
    private let rowWeights: IntegerRowWeights
    /// The A8 codes of the input `apply(_:_:)` was given.
    private let ownCodes: ActivationCodes
    private let sums: UnsafeMutableBufferPointer<Int64>

    public init(_ matrix: SparseQuantizedMatrix) {
        self.matrix = matrix
        rowWeights = IntegerRowWeights(rows: matrix.rows, columns: matrix.columns, groupSize: matrix.groupSize,
                                       groups: matrix.groups, parameters: matrix.parameters)
        ownCodes = ActivationCodes(capacity: matrix.columns)
        sums = .allocate(capacity: matrix.rows)
        sums.initialize(repeating: 0)
    }

    deinit {
        sums.deallocate()
    }

    public func apply(_ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>) {
        ownCodes.quantize(input)
        apply(codes: ownCodes, output)
    }

    /// The layer on an input already quantized (`inputCount` codes): exactly `apply` on
    /// the vector `codes` was quantized from.
    public func apply(codes: ActivationCodes, _ output: UnsafeMutableBufferPointer<Float>) {
        precondition(codes.count == matrix.columns && codes.paddedCapacity >= rowWeights.paddedColumns, "codes of another input size")
        rowWeights.rowSums(activations: codes.wideCodes.baseAddress!, into: sums.baseAddress!)
        let scale = codes.scale, rows = matrix.rows
        matrix.rowScales.withUnsafeBufferPointer { rowScales in
            for row in 0..<rows {
                output[row] = SparseDotProduct.output(rowSum: sums[row], rowScale: rowScales[row], activationScale: scale)
            }
        }
    }

    /// The exact integer row sums this layer computes for given A8 codes (`inputCount`
    /// of them): what the row accumulators hold before the fp32 scaling.
    public func rowSums(activationCodes: [Int8]) -> [Int64] {
        precondition(activationCodes.count == matrix.columns, "one code per input")
        let wide = activationCodes.map(Float.init) + [Float](repeating: 0, count: rowWeights.paddedColumns - matrix.columns)
        var result = [Int64](repeating: 0, count: matrix.rows)
        wide.withUnsafeBufferPointer { buffer in
            result.withUnsafeMutableBufferPointer { rowWeights.rowSums(activations: buffer.baseAddress!, into: $0.baseAddress!) }
        }
        return result
    }
}
