import Model
import Numerics
import Testing

@Suite struct IntegerLinearTests {
    /// Σ over kept weights of x · m · (q − z), one weight at a time from the matrix's
    /// stored fields: the row sum by definition, independent of `SparseDotProduct`.
    static func bruteForceRowSums(_ matrix: SparseQuantizedMatrix, codes: [Int8]) -> [Int64] {
        (0..<matrix.rows).map { row in
            var sum: Int64 = 0
            for j in 0..<matrix.sparseGroupsPerRow {
                let group = matrix.groups[row * matrix.sparseGroupsPerRow + j]
                let parameter = matrix.parameters[row * matrix.quantizationGroupsPerRow + 4 * j / matrix.groupSize]
                for (index, code) in [(group.firstIndex, group.firstCode), (group.secondIndex, group.secondCode)] {
                    let column = 4 * j + index
                    guard column < matrix.columns else { continue }  // padding columns meet zero activations
                    sum += Int64(codes[column]) * Int64(parameter.scaleMantissa) * (Int64(code) - Int64(parameter.zero))
                }
            }
            return sum
        }
    }

    /// `SparseDotProduct.rowSum` itself (the hardware's rule) on the matrix's rows.
    static func contractRowSums(_ matrix: SparseQuantizedMatrix, codes: [Int8]) -> [Int64] {
        let padded = codes + [Int8](repeating: 0, count: 4 * matrix.sparseGroupsPerRow - matrix.columns)
        let groups = matrix.sparseGroupsPerRow, parameters = matrix.quantizationGroupsPerRow
        return padded.withUnsafeBufferPointer { activations in
            (0..<matrix.rows).map { row in
                SparseDotProduct.rowSum(groups: Array(matrix.groups[row * groups..<(row + 1) * groups]),
                                        parameters: Array(matrix.parameters[row * parameters..<(row + 1) * parameters]),
                                        groupSize: matrix.groupSize, activations: activations)
            }
        }
    }

    /// Shapes include widths that are not multiples of the group size or of 4.
    static let shapes: [(rows: Int, columns: Int, groupSize: Int)] = [
        (5, 13, 8), (3, 30, 8), (4, 172, 32), (2, 4, 4), (6, 64, 32), (3, 33, 12), (2, 300, 128), (1, 1, 4),
    ]

    @Test func rowSumsEqualPerWeightComputation() {
        var rng = SeededGenerator(seed: 41)
        for shape in Self.shapes {
            for trial in 0..<4 {
                let matrix = TestModels.randomMatrix(rows: shape.rows, columns: shape.columns, groupSize: shape.groupSize, &rng)
                let linear = IntegerLinear(matrix)
                // Random codes, then the extremes (the accumulator bounds).
                let codes: [Int8] = switch trial {
                case 0: (0..<shape.columns).map { _ in Int8.random(in: -127...127, using: &rng) }
                case 1: [Int8](repeating: 127, count: shape.columns)
                case 2: [Int8](repeating: -127, count: shape.columns)
                default: (0..<shape.columns).map { $0 % 2 == 0 ? 127 : -127 }
                }
                let expected = Self.bruteForceRowSums(matrix, codes: codes)
                #expect(linear.rowSums(activationCodes: codes) == expected, "\(shape) trial \(trial)")
                #expect(Self.contractRowSums(matrix, codes: codes) == expected, "\(shape) trial \(trial)")
            }
        }
    }

    /// `apply` is: A8 codes of the input, the exact row sums, then
    /// `(Float(rowSum) · rowScale) · activationScale`, bit for bit.
    @Test func applyIsQuantizeRowSumScale() {
        var rng = SeededGenerator(seed: 42)
        for shape in Self.shapes {
            let matrix = TestModels.randomMatrix(rows: shape.rows, columns: shape.columns, groupSize: shape.groupSize, &rng)
            let linear = IntegerLinear(matrix)
            let input = TestModels.floats(shape.columns, -3...3, &rng)
            var output = [Float](repeating: .nan, count: shape.rows)
            input.withUnsafeBufferPointer { x in output.withUnsafeMutableBufferPointer { linear.apply(x, $0) } }
            let quantized = ActivationQuantizer.quantize(input)
            let sums = Self.bruteForceRowSums(matrix, codes: quantized.codes)
            let expected = (0..<shape.rows).map { (Float(sums[$0]) * matrix.rowScales[$0]) * quantized.scale }
            #expect(output == expected, "\(shape)")
        }
    }

    /// The integer result is the dequantized weights times the A8-rounded activations:
    /// equal up to fp32 rounding of the two evaluation orders.
    @Test func agreesWithDequantizedWeightsOnQuantizedActivations() {
        var rng = SeededGenerator(seed: 43)
        for shape in Self.shapes {
            let matrix = TestModels.randomMatrix(rows: shape.rows, columns: shape.columns, groupSize: shape.groupSize, &rng)
            let dense = matrix.dequantized()
            let input = TestModels.floats(shape.columns, -3...3, &rng)
            let quantized = ActivationQuantizer.quantize(input)
            var output = [Float](repeating: 0, count: shape.rows)
            input.withUnsafeBufferPointer { x in output.withUnsafeMutableBufferPointer { IntegerLinear(matrix).apply(x, $0) } }
            for row in 0..<shape.rows {
                var reference: Double = 0, magnitude: Double = 0
                for column in 0..<shape.columns {
                    let term = Double(dense[row * shape.columns + column]) * Double(quantized.codes[column]) * Double(quantized.scale)
                    reference += term
                    magnitude += abs(term)
                }
                #expect(abs(Double(output[row]) - reference) <= 1e-5 * magnitude + 1e-30, "\(shape) row \(row)")
            }
        }
    }
}
