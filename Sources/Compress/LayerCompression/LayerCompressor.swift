import Numerics

/// Compresses one linear layer: the column sweep of SparseGPT's `fasterprune` and GPTQ's
/// `fasterquant`, joined. Columns are processed left to right in lazy-update blocks; at
/// each column the 2:4 mask of its group of four (at multiples of 4) and the parameters
/// of its quantization group (at multiples of the group size) are chosen from the weights
/// as they stand, every weight of the column is pruned and/or quantized, and, with error
/// compensation, its error divided by [H⁻¹]_jj is spread over the later columns of the
/// block through row j of the upper factor of H⁻¹; later blocks get the block's errors
/// in one batch at its end.
public struct LayerCompressor: Sendable {
    public let settings: LayerCompressionSettings

    public init(settings: LayerCompressionSettings) {
        self.settings = settings
    }

    /// `weights`: `rows × columns` row-major. `hessian` is required when the settings
    /// compensate errors (and ignored otherwise).
    public func compress(weights: [Float], rows: Int, columns: Int, hessian: SquareMatrix?) throws -> LayerCompressionResult {
        try settings.validate(columns: columns)
        guard weights.count == rows * columns else {
            throw CompressionError.shapeMismatch(what: "weight matrix", expected: rows * columns, actual: weights.count)
        }
        if let index = weights.firstIndex(where: { !$0.isFinite }) {
            throw CompressionError.nonFinite(what: "weight matrix", index: index)
        }
        var sweep = ColumnSweep(settings: settings, weights: weights, rows: rows, columns: columns)
        if settings.compensatesErrors {
            guard let hessian else {
                throw CompressionError.invalidSettings("\(settings.pruning)/\(settings.quantization) compensates errors and needs a Hessian")
            }
            guard hessian.dimension == columns else {
                throw CompressionError.shapeMismatch(what: "Hessian", expected: columns * columns, actual: hessian.values.count)
            }
            let inverse = try InverseHessian(hessian: hessian, damping: settings.damping)
            sweep.zeroColumns(inverse.deadColumns)
            sweep.inverseUpper = inverse.upper.values
        }
        return sweep.run()
    }
}

/// The state of one layer's sweep. Row-major Double weights; `inverseUpper` empty when
/// errors are not compensated.
struct ColumnSweep {
    let settings: LayerCompressionSettings
    let rows: Int
    let columns: Int
    /// Weights with every lazy-block update applied up to the current block's start.
    var weights: [Double]
    var inverseUpper: [Double] = []
    var kept: [Bool]
    var codes: [UInt8]
    var parameters: [WeightGroupParameters]
    var rowScales: [Float]
    var output: [Float]
    var loss = 0.0

    var pruning: Bool { settings.pruning != .none }
    var quantizing: Bool { settings.quantization != .none }
    var compensating: Bool { !inverseUpper.isEmpty }
    var groupsPerRow: Int { (columns + settings.groupSize - 1) / settings.groupSize }

    init(settings: LayerCompressionSettings, weights: [Float], rows: Int, columns: Int) {
        self.settings = settings
        self.rows = rows
        self.columns = columns
        self.weights = weights.map(Double.init)
        kept = [Bool](repeating: true, count: rows * columns)
        codes = [UInt8](repeating: 0, count: settings.quantization == .none ? 0 : rows * columns)
        let groups = settings.quantization == .none ? 0 : (columns + settings.groupSize - 1) / settings.groupSize
        parameters = [WeightGroupParameters](repeating: WeightGroupParameters(scaleMantissa: 1, zero: 0), count: rows * groups)
        rowScales = []
        output = [Float](repeating: 0, count: rows * columns)
    }

    mutating func zeroColumns(_ dead: [Int]) {
        for column in dead {
            for row in 0..<rows { weights[row * columns + column] = 0 }
        }
    }

    /// Saliency of weight `w` in column `column`: OBS w²/[H⁻¹]²_jj, or w² by magnitude.
    func saliency(_ w: Double, column: Int) -> Double {
        guard settings.pruning == .obs else { return w * w }
        let d = inverseUpper[column * columns + column]
        return w * w / (d * d)
    }

    /// The 2:4 keep flags (`rows × 4`) of the group starting at `column` for weights `value(row, k)`.
    func chooseMask(column: Int, value: (Int, Int) -> Double) -> [Bool] {
        var scores = [Double](repeating: 0, count: rows * 4)
        for row in 0..<rows {
            for k in 0..<4 { scores[row * 4 + k] = saliency(value(row, k), column: column + k) }
        }
        return TwoFourMask.keep(scores: scores, rows: rows, sharedRows: settings.sharedMaskRows)
    }

    /// Per-row values of the quantization group starting at `start`, from `value(row, column)`:
    /// only the provisionally kept weights when the settings ask for it.
    func groupValues(start: Int, value: (Int, Int) -> Double) -> [[Float]] {
        let end = Swift.min(start + settings.groupSize, columns)
        var include = [Bool](repeating: true, count: rows * (end - start))
        if pruning && settings.rangeOverKeptWeights {
            for group in stride(from: start, to: end, by: 4) {
                let mask = chooseMask(column: group) { value($0, group + $1) }
                for row in 0..<rows {
                    for k in 0..<4 { include[row * (end - start) + group - start + k] = mask[row * 4 + k] }
                }
            }
        }
        return (0..<rows).map { row in
            (start..<end).filter { include[row * (end - start) + $0 - start] }.map { Float(value(row, $0)) }
        }
    }

    /// Row scales from the weights before any update: the largest group gets the largest mantissa (63).
    mutating func chooseRowScales() {
        var largest = [Float](repeating: 0, count: rows)
        for start in stride(from: 0, to: columns, by: settings.groupSize) {
            let values = groupValues(start: start) { weights[$0 * columns + $1] }
            for row in 0..<rows { largest[row] = Swift.max(largest[row], GroupQuantizer.idealScale(WeightQuantizer.range(of: values[row]))) }
        }
        rowScales = largest.map { WeightQuantizer.rowScale(maxGroupScale: $0) }
    }

    mutating func run() -> LayerCompressionResult {
        if quantizing { chooseRowScales() }
        let n = columns
        for blockStart in stride(from: 0, to: n, by: settings.blockSize) {
            let blockEnd = Swift.min(blockStart + settings.blockSize, n)
            let width = blockEnd - blockStart
            var block = [Double](repeating: 0, count: rows * width)
            for row in 0..<rows {
                for i in 0..<width { block[row * width + i] = weights[row * n + blockStart + i] }
            }
            var errors = [Double](repeating: 0, count: compensating ? rows * width : 0)
            for i in 0..<width {
                let column = blockStart + i
                if pruning && column % 4 == 0 {
                    let mask = chooseMask(column: column) { block[$0 * width + i + $1] }
                    for row in 0..<rows {
                        for k in 0..<4 { kept[row * n + column + k] = mask[row * 4 + k] }
                    }
                }
                if quantizing && column % settings.groupSize == 0 {
                    let values = groupValues(start: column) { row, c in
                        groupSourceWeight(row: row, column: c, block: block, errors: errors, blockStart: blockStart, blockEnd: blockEnd, current: i)
                    }
                    let group = column / settings.groupSize
                    for row in 0..<rows {
                        parameters[row * groupsPerRow + group] = settings.clipSearch
                            ? GroupQuantizer.clippedParameters(values[row], rowScale: rowScales[row])
                            : GroupQuantizer.parameters(values[row], rowScale: rowScales[row])
                    }
                }
                let d = compensating ? inverseUpper[column * n + column] : 1
                for row in 0..<rows {
                    let w = block[row * width + i]
                    var q: Float = 0
                    if kept[row * n + column] {
                        if quantizing {
                            let result = GroupQuantizer.quantize(w, parameters: parameters[row * groupsPerRow + column / settings.groupSize],
                                                                 rowScale: rowScales[row])
                            codes[row * n + column] = result.code
                            q = result.value
                        } else {
                            q = Float(w)
                        }
                    }
                    output[row * n + column] = q
                    guard compensating else { continue }
                    let error = (w - Double(q)) / d
                    loss += error * error / 2
                    errors[row * width + i] = error
                    if error == 0 { continue }
                    inverseUpper.withUnsafeBufferPointer { h in
                        block.withUnsafeMutableBufferPointer { b in
                            let hRow = column * n
                            for j in (i + 1)..<width { b[row * width + j] -= error * h[hRow + blockStart + j] }
                        }
                    }
                }
            }
            if compensating && blockEnd < n { applyBlockErrors(errors, blockStart: blockStart, blockEnd: blockEnd) }
        }
        let quantized = quantizing
            ? QuantizedWeights(groupSize: settings.groupSize, codes: codes, parameters: parameters, rowScales: rowScales) : nil
        return LayerCompressionResult(rows: rows, columns: columns, weights: output, kept: pruning ? kept : nil,
                               quantized: quantized, loss: loss)
    }

    /// The weight a group's range is taken from, per `groupScaleTiming`.
    func groupSourceWeight(row: Int, column: Int, block: [Double], errors: [Double],
                           blockStart: Int, blockEnd: Int, current: Int) -> Double {
        let width = blockEnd - blockStart
        switch settings.groupScaleTiming {
        case .blockStart:
            return weights[row * columns + column]
        case .updated:
            if column < blockEnd { return block[row * width + column - blockStart] }
            // Beyond the block: apply the block's errors so far, as the lazy update will.
            var value = weights[row * columns + column]
            if compensating {
                for k in 0..<current { value -= errors[row * width + k] * inverseUpper[(blockStart + k) * columns + column] }
            }
            return value
        }
    }

    /// weights[:, blockEnd:] -= errors · H⁻¹upper[blockStart..<blockEnd, blockEnd:].
    mutating func applyBlockErrors(_ errors: [Double], blockStart: Int, blockEnd: Int) {
        let n = columns, width = blockEnd - blockStart
        inverseUpper.withUnsafeBufferPointer { h in
            weights.withUnsafeMutableBufferPointer { w in
                for row in 0..<rows {
                    for k in 0..<width {
                        let error = errors[row * width + k]
                        if error == 0 { continue }
                        let hRow = (blockStart + k) * n
                        for j in blockEnd..<n { w[row * n + j] -= error * h[hRow + j] }
                    }
                }
            }
        }
    }
}
