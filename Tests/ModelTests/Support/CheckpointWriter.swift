import Foundation
import Model

/// Writes checkpoints in each format we read, for round-trip and malformed-file tests.
enum CheckpointWriter {
    static func int32(_ value: Int32, into bytes: inout [UInt8]) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
    static func floats(_ values: [Float], into bytes: inout [UInt8]) {
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
    }

    static func header(_ c: ModelConfig, vocab: Int) -> [Int32] {
        [c.dim, c.hiddenDim, c.layers, c.heads, c.kvHeads, vocab, c.seqLen].map { Int32($0) }
    }

    /// llama2.c `legacy_export`: header, tensors, RoPE tables (here zeros), classifier.
    static func legacy(_ w: ModelWeights) -> [UInt8] {
        let c = w.config
        var bytes: [UInt8] = []
        for value in header(c, vocab: c.sharedClassifier ? c.vocab : -c.vocab) { int32(value, into: &bytes) }
        floats(w.embedding, into: &bytes)
        for tensor in [\LayerWeights.attentionNorm, \.wq, \.wk, \.wv, \.wo, \.ffnNorm, \.w1, \.w2, \.w3] {
            for layer in w.layers { floats(layer[keyPath: tensor], into: &bytes) }
        }
        floats(w.finalNorm, into: &bytes)
        floats([Float](repeating: 0, count: c.seqLen * c.headSize), into: &bytes)
        if !c.sharedClassifier { floats(w.classifier, into: &bytes) }
        return bytes
    }

    /// llama2.c `version1_export`: 256-byte header, norms first, then the rest.
    static func version1(_ w: ModelWeights, version: Int32 = 1) -> [UInt8] {
        let c = w.config
        var bytes: [UInt8] = []
        withUnsafeBytes(of: Llama2cCheckpoint.version1Magic.littleEndian) { bytes += $0 }
        int32(version, into: &bytes)
        for value in header(c, vocab: c.vocab) { int32(value, into: &bytes) }
        bytes.append(c.sharedClassifier ? 1 : 0)
        bytes += [UInt8](repeating: 0, count: 256 - bytes.count)
        for layer in w.layers { floats(layer.attentionNorm, into: &bytes) }
        for layer in w.layers { floats(layer.ffnNorm, into: &bytes) }
        floats(w.finalNorm, into: &bytes)
        floats(w.embedding, into: &bytes)
        for tensor in [\LayerWeights.wq, \.wk, \.wv, \.wo, \.w1, \.w2, \.w3] {
            for layer in w.layers { floats(layer[keyPath: tensor], into: &bytes) }
        }
        if !c.sharedClassifier { floats(w.classifier, into: &bytes) }
        return bytes
    }

    enum DType: String { case f32 = "F32", f16 = "F16", bf16 = "BF16" }

    /// The HF tensors of `w` (q and k permuted to HF's row order).
    static func huggingFaceTensors(_ w: ModelWeights) -> [(String, [Int], [Float])] {
        let c = w.config
        var tensors: [(String, [Int], [Float])] = [("model.embed_tokens.weight", [c.vocab, c.dim], w.embedding)]
        for (l, layer) in w.layers.enumerated() {
            let p = "model.layers.\(l)."
            tensors += [
                (p + "input_layernorm.weight", [c.dim], layer.attentionNorm),
                (p + "self_attn.q_proj.weight", [c.dim, c.dim], HuggingFaceCheckpoint.permute(layer.wq, heads: c.heads, headSize: c.headSize, columns: c.dim)),
                (p + "self_attn.k_proj.weight", [c.kvDim, c.dim], HuggingFaceCheckpoint.permute(layer.wk, heads: c.kvHeads, headSize: c.headSize, columns: c.dim)),
                (p + "self_attn.v_proj.weight", [c.kvDim, c.dim], layer.wv),
                (p + "self_attn.o_proj.weight", [c.dim, c.dim], layer.wo),
                (p + "post_attention_layernorm.weight", [c.dim], layer.ffnNorm),
                (p + "mlp.gate_proj.weight", [c.hiddenDim, c.dim], layer.w1),
                (p + "mlp.down_proj.weight", [c.dim, c.hiddenDim], layer.w2),
                (p + "mlp.up_proj.weight", [c.hiddenDim, c.dim], layer.w3),
            ]
        }
        tensors.append(("model.norm.weight", [c.dim], w.finalNorm))
        if !c.sharedClassifier { tensors.append(("lm_head.weight", [c.vocab, c.dim], w.classifier)) }
        return tensors
    }

    /// `dtypeName` overrides the dtype written in the header (to test unsupported ones).
    static func safetensors(_ tensors: [(String, [Int], [Float])], dtype: DType, dtypeName: String? = nil) -> [UInt8] {
        var data: [UInt8] = []
        var header: [String] = ["\"__metadata__\":{\"format\":\"pt\"}"]
        for (name, shape, values) in tensors {
            let begin = data.count
            for value in values {
                switch dtype {
                case .f32: withUnsafeBytes(of: value.bitPattern.littleEndian) { data += $0 }
                case .f16: withUnsafeBytes(of: Float16(value).bitPattern.littleEndian) { data += $0 }
                case .bf16: withUnsafeBytes(of: UInt16(value.bitPattern >> 16).littleEndian) { data += $0 }
                }
            }
            header.append("\"\(name)\":{\"dtype\":\"\(dtypeName ?? dtype.rawValue)\",\"shape\":\(shape),\"data_offsets\":[\(begin),\(data.count)]}")
        }
        let json = Array(("{" + header.joined(separator: ",") + "}").utf8)
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes += $0 }
        return bytes + json + data
    }

    static func configJSON(_ c: ModelConfig) -> String {
        """
        {"architectures": ["LlamaForCausalLM"], "hidden_size": \(c.dim), "intermediate_size": \(c.hiddenDim),
         "num_hidden_layers": \(c.layers), "num_attention_heads": \(c.heads), "num_key_value_heads": \(c.kvHeads),
         "vocab_size": \(c.vocab), "max_position_embeddings": \(c.seqLen), "rms_norm_eps": \(c.normEps),
         "rope_theta": \(c.ropeTheta), "tie_word_embeddings": \(c.sharedClassifier), "torch_dtype": "float32"}
        """
    }

    /// A HF checkpoint directory; `shards` > 1 splits the tensors round-robin and writes
    /// the index.
    static func huggingFace(_ w: ModelWeights, to directory: URL, dtype: DType = .f32, shards: Int = 1) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(configJSON(w.config).utf8).write(to: directory.appendingPathComponent("config.json"))
        let tensors = huggingFaceTensors(w)
        if shards == 1 {
            try Data(safetensors(tensors, dtype: dtype)).write(to: directory.appendingPathComponent("model.safetensors"))
            return
        }
        var map: [String] = []
        for shard in 0..<shards {
            let name = "model-0000\(shard + 1)-of-0000\(shards).safetensors"
            let part = tensors.enumerated().filter { $0.offset % shards == shard }.map(\.element)
            try Data(safetensors(part, dtype: dtype)).write(to: directory.appendingPathComponent(name))
            map += part.map { "\"\($0.0)\": \"\(name)\"" }
        }
        try Data("{\"metadata\": {}, \"weight_map\": {\(map.joined(separator: ", "))}}".utf8)
            .write(to: directory.appendingPathComponent("model.safetensors.index.json"))
    }
}

/// Small random models for format tests (values exactly representable in BF16 when asked).
enum SyntheticModel {
    static func weights(_ config: ModelConfig, seed: UInt64 = 1, bf16Exact: Bool = false) throws -> ModelWeights {
        var random = XorshiftRandom(seed: seed)
        func tensor(_ count: Int) -> [Float] {
            (0..<count).map { _ in
                let value = random.nextFloat() - 0.5
                return bf16Exact ? Float(bitPattern: value.bitPattern & 0xFFFF_0000) : value
            }
        }
        let c = config
        let layers = (0..<c.layers).map { _ in
            LayerWeights(attentionNorm: tensor(c.dim), wq: tensor(c.dim * c.dim), wk: tensor(c.kvDim * c.dim), wv: tensor(c.kvDim * c.dim),
                         wo: tensor(c.dim * c.dim), ffnNorm: tensor(c.dim), w1: tensor(c.hiddenDim * c.dim),
                         w2: tensor(c.dim * c.hiddenDim), w3: tensor(c.hiddenDim * c.dim))
        }
        return try ModelWeights(config: c, embedding: tensor(c.vocab * c.dim), layers: layers, finalNorm: tensor(c.dim),
                                classifier: c.sharedClassifier ? nil : tensor(c.vocab * c.dim))
    }

    static func config(shared: Bool = false) throws -> ModelConfig {
        try ModelConfig(dim: 16, hiddenDim: 24, layers: 2, heads: 4, kvHeads: 2, vocab: 40, seqLen: 32, sharedClassifier: shared)
    }
}

func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rcegen-model-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The error message `body` throws, or nil.
func errorMessage(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return "\(error)"
    }
}
