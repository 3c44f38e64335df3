import Testing
import Compress
import Foundation
import Numerics

@Suite struct QuantizationTests {
    // 172 = 5 × 32 + 12 columns, like stories260K's w2: a short last group.
    let layer = SyntheticLayer(rows: 16, columns: 172, tokens: 768, seed: 5)

    func compress(_ pruning: PruningMethod, _ quantization: QuantizationMethod,
                  timing: GroupScaleTiming = .blockStart, clipSearch: Bool = false) throws -> LayerCompressionResult {
        let settings = LayerCompressionSettings(pruning: pruning, quantization: quantization, groupSize: 32, groupScaleTiming: timing,
                                                clipSearch: clipSearch)
        return try LayerCompressor(settings: settings).compress(
            weights: layer.weights, rows: layer.rows, columns: layer.columns,
            hessian: settings.compensatesErrors ? layer.hessian() : nil)
    }

    @Test(arguments: [(PruningMethod.none, QuantizationMethod.rtn), (.none, .gptq), (.magnitude, .rtn), (.obs, .gptq)], [false, true])
    func everyWeightIsExactlyRepresentable(methods: (PruningMethod, QuantizationMethod), clipSearch: Bool) throws {
        let result = try compress(methods.0, methods.1, clipSearch: clipSearch)
        let quantized = try #require(result.quantized)
        #expect(quantized.parameters.count == layer.rows * 6)
        for row in 0..<layer.rows {
            for column in 0..<layer.columns {
                let index = row * layer.columns + column
                if let kept = result.kept, !kept[index] {
                    #expect(result.weights[index] == 0)
                    continue
                }
                let parameter = quantized.parameters[row * 6 + column / 32]
                let scale = parameter.scale(rowScale: quantized.rowScales[row])
                #expect(WeightQuantizer.dequantize(code: quantized.codes[index], scale: scale, zero: parameter.zero) == result.weights[index])
            }
        }
    }

    @Test func sparseQuantizedFormDequantizesToTheSameWeights() throws {
        let result = try compress(.obs, .gptq)
        let matrix = try result.sparseQuantized()
        #expect(matrix.quantizationGroupsPerRow == 6)
        #expect(matrix.dequantized() == result.weights)
        #expect(throws: CompressionError.self) { try compress(.none, .gptq).sparseQuantized() }
    }

    @Test func shortLastGroupTakesItsRangeFromItsOwnTwelveColumns() throws {
        let result = try compress(.none, .rtn)
        let quantized = try #require(result.quantized)
        for row in 0..<layer.rows {
            let values = layer.weights[(row * 172 + 160)..<(row * 172 + 172)]
            let range = WeightQuantizer.range(of: values)
            let expected = WeightQuantizer.parameters(min: range.min, max: range.max, rowScale: quantized.rowScales[row])
            #expect(quantized.parameters[row * 6 + 5] == expected)
        }
    }

    @Test func gptqBeatsRoundToNearest() throws {
        let rtn = layer.reconstructionError(try compress(.none, .rtn).weights)
        for timing in GroupScaleTiming.allCases {
            let gptq = layer.reconstructionError(try compress(.none, .gptq, timing: timing).weights)
            #expect(gptq < 0.8 * rtn, "GPTQ (\(timing)) \(gptq) vs RTN \(rtn)")
        }
    }

    @Test func jointPruningAndQuantizationBeatsMagnitudeAndRoundToNearest() throws {
        let baseline = layer.reconstructionError(try compress(.magnitude, .rtn).weights)
        let joint = layer.reconstructionError(try compress(.obs, .gptq).weights)
        #expect(joint < 0.8 * baseline, "OBS+GPTQ \(joint) vs magnitude+RTN \(baseline)")
    }

    @Test func rowScaleGivesTheWidestInitialGroupTheFullMantissa() throws {
        let quantized = try #require(try compress(.none, .rtn).quantized)
        for row in 0..<layer.rows {
            #expect(quantized.parameters[(row * 6)..<(row * 6 + 6)].map(\.scaleMantissa).max() == WeightQuantizer.maxScaleMantissa)
        }
    }

    @Test func clipSearchNeverLosesToTheFullRangeAndWinsOverall() {
        func error(_ values: [Float], _ parameters: WeightGroupParameters) -> Float {
            values.map { abs(GroupQuantizer.quantize(Double($0), parameters: parameters, rowScale: 0.01).value - $0) }.map { $0 * $0 * sqrt(sqrt($0)) }.reduce(0, +)
        }
        var random = SplitMix64(seed: 9)
        var fullTotal: Float = 0, clippedTotal: Float = 0
        for trial in 0..<20 {
            var values = (0..<32).map { _ in random.gaussian() * 0.3 }
            if trial % 2 == 0 { values[trial] = 2.4 }
            let full = GroupQuantizer.parameters(values, rowScale: 0.01)
            let clipped = GroupQuantizer.clippedParameters(values, rowScale: 0.01)
            #expect(error(values, clipped) <= error(values, full) * 1.0001)
            fullTotal += error(values, full)
            clippedTotal += error(values, clipped)
        }
        #expect(clippedTotal < 0.97 * fullTotal, "clipped \(clippedTotal) vs full \(fullTotal)")
    }
}
