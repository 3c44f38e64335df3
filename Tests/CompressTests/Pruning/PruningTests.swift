import Testing
import Compress

@Suite struct PruningTests {
    let layer = SyntheticLayer(rows: 24, columns: 64, tokens: 512, seed: 11)

    func prune(_ method: PruningMethod, sharedRows: Int = 1, blockSize: Int = 128) throws -> LayerCompressionResult {
        let settings = LayerCompressionSettings(pruning: method, quantization: .none, sharedMaskRows: sharedRows, blockSize: blockSize)
        return try LayerCompressor(settings: settings).compress(weights: layer.weights, rows: layer.rows, columns: layer.columns,
                                                               hessian: method == .obs ? layer.hessian() : nil)
    }

    @Test(arguments: [PruningMethod.magnitude, .obs])
    func everyGroupOfFourKeepsExactlyTwo(method: PruningMethod) throws {
        let result = try prune(method)
        let kept = try #require(result.kept)
        for row in 0..<layer.rows {
            for group in 0..<(layer.columns / 4) {
                let base = row * layer.columns + group * 4
                #expect((0..<4).filter { kept[base + $0] }.count == 2)
                for k in 0..<4 where !kept[base + k] { #expect(result.weights[base + k] == 0) }
            }
        }
    }

    @Test func magnitudePruningKeepsTheLargerWeightsUnchanged() throws {
        let result = try prune(.magnitude)
        for index in 0..<result.weights.count where result.kept![index] {
            #expect(result.weights[index] == layer.weights[index])
        }
    }

    @Test func obsBeatsMagnitudeOnReconstructionError() throws {
        let magnitude = layer.reconstructionError(try prune(.magnitude).weights)
        let obs = layer.reconstructionError(try prune(.obs).weights)
        #expect(obs < 0.7 * magnitude, "OBS \(obs) vs magnitude \(magnitude)")
    }

    @Test func lazyBlocksGiveTheSameResultAsOneBlock() throws {
        // The lazy batch update is exact algebra: blocks of 16 and one block of 64 agree
        // up to rounding.
        let small = try prune(.obs, blockSize: 16), whole = try prune(.obs, blockSize: 128)
        #expect(small.kept == whole.kept)
        let difference = zip(small.weights, whole.weights).map { abs($0 - $1) }.max() ?? 0
        #expect(difference < 1e-4)
    }

    @Test func sharedMasksAreSharedAndCostAccuracy() throws {
        let shared = try prune(.obs, sharedRows: 4)
        let kept = try #require(shared.kept)
        for row in 0..<layer.rows {
            let leader = row - row % 4
            #expect(kept[(row * layer.columns)..<((row + 1) * layer.columns)] == kept[(leader * layer.columns)..<((leader + 1) * layer.columns)])
        }
        #expect(layer.reconstructionError(shared.weights) > layer.reconstructionError(try prune(.obs).weights))
    }

    @Test func badSettingsAreRejected() {
        let compressor = LayerCompressor(settings: LayerCompressionSettings(pruning: .obs, quantization: .none))
        #expect(throws: CompressionError.self) { try compressor.compress(weights: [Float](repeating: 1, count: 6), rows: 1, columns: 6, hessian: .identity(6)) }
        #expect(throws: CompressionError.self) { try compressor.compress(weights: [1, 2, 3, 4], rows: 1, columns: 4, hessian: nil) }
        #expect(throws: CompressionError.self) { try compressor.compress(weights: [1, 2, 3], rows: 1, columns: 4, hessian: .identity(4)) }
        let contradictory = LayerCompressor(settings: LayerCompressionSettings(pruning: .obs, quantization: .rtn))
        #expect(throws: CompressionError.self) { try contradictory.compress(weights: [1, 2, 3, 4], rows: 1, columns: 4, hessian: .identity(4)) }
    }
}
