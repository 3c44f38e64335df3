import Accel
import CoSim
import Compress
import Foundation
import Model
import Numerics
import Testing

/// The compressed stories260K, made once per test process: compressed by the real
/// sequential 2:4 OBS + W2 GPTQ pipeline (16 calibration segments, to keep CI short),
/// encoded as a `.rce` file, plus A8 activation codes of every linear site's real input
/// at one position of real text.
struct CompressedStories {
    let file: [UInt8]
    let model: CompressedModel
    /// Per token: (layer, site) → the A8 input (codes and scale) that site multiplies with.
    let activations: [[Int: [LinearSite: QuantizedActivations]]]

    static let dataDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
    static var available: Bool {
        FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("stories260K.bin").path)
    }

    static let shared = Result { () throws -> CompressedStories in
        let weights = try Llama2cCheckpoint.load(path: dataDirectory.appendingPathComponent("stories260K.bin").path)
        let calibration = try CalibrationSegments(contentsOf: dataDirectory.appendingPathComponent("calib_tokens_128x256_seed0.i32").path,
                                                  segmentLength: 256, vocab: weights.config.vocab).prefix(16)
        let settings = LayerCompressionSettings()
        let result = try SequentialCompressor(settings: settings).compress(weights, calibration: calibration)
        let model = try result.compressedModel(settings: CompressionSettings(
            groupSize: settings.groupSize, pruneMethod: "obs", quantizer: "gptq", sharedMaskRows: settings.sharedMaskRows))
        // Real inputs: the compressed model's own fp32 forward over real text, observed at
        // positions 12 and 13, quantized per token to A8 exactly as the integer path does.
        let observer = InputCapture(positions: [12, 13])
        let transformer = Transformer(weights: result.weights)
        transformer.observer = observer
        for (position, token) in calibration[1].prefix(14).enumerated() { _ = try transformer.logits(token: token, position: position) }
        return CompressedStories(file: RCEWriter.encode(model), model: model, activations: [12, 13].map { observer.inputs[$0] ?? [:] })
    }

    /// Byte offset of a tensor in the file, from its table entry (docs/format.md).
    func offset(of name: String) throws -> Int {
        let count = Int(file[24]) | Int(file[25]) << 8 | Int(file[26]) << 16 | Int(file[27]) << 24
        for entry in 0..<count {
            let base = 128 + 64 * entry
            let nameBytes = file[base..<(base + 32)].prefix { $0 != 0 }
            guard String(decoding: nameBytes, as: UTF8.self) == name else { continue }
            return (0..<8).reduce(0) { $0 | Int(file[base + 48 + $1]) << (8 * $1) }
        }
        throw CoSimError.invalidStimulus("no tensor \(name) in the .rce file")
    }
}

final class InputCapture: LinearInputObserver {
    let positions: Set<Int>
    /// position → layer → site → A8 input.
    var inputs: [Int: [Int: [LinearSite: QuantizedActivations]]] = [:]

    init(positions: Set<Int>) { self.positions = positions }

    func observe(layer: Int, site: LinearSite, position: Int, input: UnsafeBufferPointer<Float>) {
        guard positions.contains(position) else { return }
        inputs[position, default: [:]][layer, default: [:]][site] = ActivationQuantizer.quantize(input)
    }
}

extension CoSimulation {
    @Suite("Matrix-vector engine on every compressed stories260K layer",
           .enabled(if: CompressedStories.available, "../shared/data/stories260K.bin is absent"))
    struct CompressedLayerTests {
        /// All 35 linear layers (q, k, v, o, w1, w2, w3 of 5 blocks) read straight from the
        /// `.rce` file in the AXI memory, with real A8 inputs, under random backpressure:
        /// every result the engine writes equals the integer path's
        /// (`IntegerLinear.rowSums`, then `SparseDotProduct.output`), bit for bit. Decode:
        /// one token on two ports in lockstep (each a half of the rows); prefill: two tokens
        /// sharing each weight beat, on one port.
        @Test(arguments: [(1, 2), (2, 1)])
        func everyLinearLayerIsBitExact(tokens: Int, ports: Int) throws {
            let stories = try CompressedStories.shared.get()
            let engine = try MatVecEngine(configuration: .standard(for: .u280), tokens: tokens, ports: ports)
            let model = try CoSimModel.matVecEngine(engine)
            var layersChecked = 0
            for layer in 0..<stories.model.config.layers {
                for site in LinearSite.allCases {
                    let matrix = stories.model.layers[layer][site]
                    let inputs = try (0..<tokens).map { try #require(stories.activations[$0][layer]?[site]) }
                    let name = RCETensorName.matrix(layer: layer, site: site)
                    let placement = MatrixPlacement(groups: try stories.offset(of: name + RCETensorName.groupsSuffix),
                                                    parameters: try stories.offset(of: name + RCETensorName.parametersSuffix),
                                                    rowScales: try stories.offset(of: name + RCETensorName.rowScalesSuffix))
                    let linear = IntegerLinear(matrix)
                    let expected = inputs.map { linear.rowSums(activationCodes: $0.codes) }
                    let seed = UInt64(layer * 8 + LinearSite.allCases.firstIndex(of: site)!)
                    let run = try runMatVec(
                        model, engine: engine, rows: matrix.rows, columns: matrix.columns, image: stories.file, placement: placement,
                        rowScales: matrix.rowScales, activations: inputs.map { TokenActivations(codes: $0.codes, scale: $0.scale) },
                        expectedRowSums: expected,
                        options: CoSimRunOptions(seed: seed, stallProbability: 0.1, idleProbability: 0.1,
                                                 axiTiming: AXITiming(readLatency: 8 ... 48, arreadyLowProbability: 0.2, wreadyLowProbability: 0.2,
                                                                      readGapProbability: 0.1, writeResponseDelay: 1 ... 16, reorderReads: true)))
                    #expect(run.passed, "layer \(layer) \(site): \(run)")
                    layersChecked += 1
                }
            }
            #expect(layersChecked == 35)
        }
    }
}
