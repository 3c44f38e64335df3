import Numerics

/// A compressed linear layer computed exactly as the RCE computes it
/// (docs/numerics.md, "The integer path"): the input vector is quantized to A8 with
/// `ActivationQuantizer` (one scale per call, i.e. per token), each output row's exact
/// integer `rowSum` (`SparseDotProduct`'s rule, evaluated through `IntegerRowWeights`,
/// its exact dense form), and the fp32 result
/// `SparseDotProduct.output(rowSum, rowScale, activationScale)`.
///
/// Holds its code buffers, so `apply` allocates nothing; one instance per thread.
public final class IntegerLinear: LinearLayer {
    public let matrix: SparseQuantizedMatrix
    public var inputCount: Int { matrix.columns }
    public var outputCount: Int { matrix.rows }
    private let rowWeights: IntegerRowWeights
    /// A8 codes of the current input, then the same as fp32 numbers, zero-padded for the dot product.
    private let codes: UnsafeMutableBufferPointer<Int8>
    private let wideCodes: UnsafeMutableBufferPointer<Float>
    private let sums: UnsafeMutableBufferPointer<Int64>

    public init(_ matrix: SparseQuantizedMatrix) {
        self.matrix = matrix
        rowWeights = IntegerRowWeights(rows: matrix.rows, columns: matrix.columns, groupSize: matrix.groupSize,
                                       groups: matrix.groups, parameters: matrix.parameters)
        codes = .allocate(capacity: matrix.columns)
        codes.initialize(repeating: 0)
        wideCodes = .allocate(capacity: rowWeights.paddedColumns)
        wideCodes.initialize(repeating: 0)
        sums = .allocate(capacity: matrix.rows)
        sums.initialize(repeating: 0)
    }

    deinit {
        codes.deallocate()
        wideCodes.deallocate()
        sums.deallocate()
    }

    public func apply(_ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>) {
        let scale = ActivationQuantizer.quantize(input, into: codes)
        for column in 0..<matrix.columns { wideCodes[column] = Float(codes[column]) }
        rowWeights.rowSums(activations: wideCodes.baseAddress!, into: sums.baseAddress!)
        matrix.rowScales.withUnsafeBufferPointer { rowScales in
            for row in 0..<matrix.rows {
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
