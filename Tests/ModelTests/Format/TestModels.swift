import Model
import Numerics

/// SplitMix64: a small deterministic generator, so every random test is reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Small compressed models built from random values, for format and integer-path tests.
enum TestModels {
    /// The 96 valid SparseGroup bytes.
    static let validGroupBytes: [UInt8] = (0...255).map(UInt8.init).filter { SparseGroup(byte: $0) != nil }

    static func floats(_ count: Int, _ range: ClosedRange<Float>, _ rng: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in Float.random(in: range, using: &rng) }
    }

    /// Uniformly random valid contents (any valid group byte, mantissa, zero point).
    static func randomMatrix(rows: Int, columns: Int, groupSize: Int, _ rng: inout SeededGenerator) -> SparseQuantizedMatrix {
        let sparse = (columns + 3) / 4, quantization = (columns + groupSize - 1) / groupSize
        let groups = (0..<rows * sparse).map { _ in SparseGroup(byte: validGroupBytes.randomElement(using: &rng)!)! }
        let parameters = (0..<rows * quantization).map { _ in
            WeightGroupParameters(scaleMantissa: UInt8.random(in: 1...WeightQuantizer.maxScaleMantissa, using: &rng), zero: UInt8.random(in: 0...3, using: &rng))
        }
        return SparseQuantizedMatrix(rows: rows, columns: columns, groupSize: groupSize, groups: groups,
                                     parameters: parameters, rowScales: floats(rows, 1e-4...1e-2, &rng))
    }

    /// dim 8, hidden 12 (a short last group at groupSize 8), 2 heads, 1 KV head, vocab 6.
    static func tinyConfig(layers: Int = 1, sharedClassifier: Bool = true) throws -> ModelConfig {
        try ModelConfig(dim: 8, hiddenDim: 12, layers: layers, heads: 2, kvHeads: 1, vocab: 6, seqLen: 16,
                        sharedClassifier: sharedClassifier)
    }

    static func randomModel(config: ModelConfig, groupSize: Int = 8, seed: UInt64) throws -> CompressedModel {
        var rng = SeededGenerator(seed: seed)
        let settings = try CompressionSettings(groupSize: groupSize, pruneMethod: "obs", quantizer: "gptq",
                                               sharedMaskRows: 1, kvBits: 4, sinks: 2, window: 6)
        let layers = (0..<config.layers).map { _ in
            CompressedLayer(attentionNorm: floats(config.dim, 0.5...1.5, &rng), ffnNorm: floats(config.dim, 0.5...1.5, &rng),
                            matrices: Dictionary(uniqueKeysWithValues: LinearSite.allCases.map { site in
                                let shape = site.shape(in: config)
                                return (site, randomMatrix(rows: shape.rows, columns: shape.columns, groupSize: groupSize, &rng))
                            }))
        }
        return try CompressedModel(config: config, settings: settings, embedding: floats(config.vocab * config.dim, -1...1, &rng),
                                   layers: layers, finalNorm: floats(config.dim, 0.5...1.5, &rng),
                                   classifier: config.sharedClassifier ? nil : floats(config.vocab * config.dim, -1...1, &rng))
    }
}
