import Foundation

/// A Hugging Face LLaMA checkpoint directory: `config.json` and either one or several
/// `*.safetensors` files, listed by `model.safetensors.index.json` ("weight_map") when
/// sharded. Tensors F32, F16 or BF16, named `model.embed_tokens.weight`,
/// `model.layers.N.{input_layernorm, post_attention_layernorm}.weight`,
/// `model.layers.N.self_attn.{q,k,v,o}_proj.weight`,
/// `model.layers.N.mlp.{gate,down,up}_proj.weight` (our w1, w2, w3), `model.norm.weight`,
/// `lm_head.weight` (absent when `tie_word_embeddings`).
///
/// HF's conversion script permutes the rows of q and k within each head so that its
/// `rotate_half` RoPE (pairs (i, i + h/2)) equals llama2.c's adjacent pairs (2i, 2i+1):
/// HF row `a·h/2 + i` of a head is original row `2i + a`. Loading undoes it, so every
/// checkpoint shares the adjacent-pair convention of `RotaryEmbedding`.
public enum HuggingFaceCheckpoint {
    public static func load(directory: String) throws -> ModelWeights {
        let root = URL(fileURLWithPath: directory)
        let config = try readConfig(root.appendingPathComponent("config.json").path)
        let tensors = try TensorIndex(root)
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] { try tensors.floats(name, shape: shape) }
        let dim = config.dim, hidden = config.hiddenDim, kvDim = config.kvDim
        var layers: [LayerWeights] = []
        for l in 0..<config.layers {
            let prefix = "model.layers.\(l)."
            layers.append(LayerWeights(
                attentionNorm: try tensor(prefix + "input_layernorm.weight", [dim]),
                wq: unpermute(try tensor(prefix + "self_attn.q_proj.weight", [dim, dim]), heads: config.heads, headSize: config.headSize, columns: dim),
                wk: unpermute(try tensor(prefix + "self_attn.k_proj.weight", [kvDim, dim]), heads: config.kvHeads, headSize: config.headSize, columns: dim),
                wv: try tensor(prefix + "self_attn.v_proj.weight", [kvDim, dim]),
                wo: try tensor(prefix + "self_attn.o_proj.weight", [dim, dim]),
                ffnNorm: try tensor(prefix + "post_attention_layernorm.weight", [dim]),
                w1: try tensor(prefix + "mlp.gate_proj.weight", [hidden, dim]),
                w2: try tensor(prefix + "mlp.down_proj.weight", [dim, hidden]),
                w3: try tensor(prefix + "mlp.up_proj.weight", [hidden, dim])))
        }
        let embedding = try tensor("model.embed_tokens.weight", [config.vocab, dim])
        let classifier = config.sharedClassifier ? nil : try tensor("lm_head.weight", [config.vocab, dim])
        return try ModelWeights(config: config, embedding: embedding, layers: layers,
                                finalNorm: try tensor("model.norm.weight", [dim]), classifier: classifier)
    }

    /// HF row order back to llama2.c's: original row `2i + a` of a head is HF row `a·h/2 + i`.
    static func unpermute(_ matrix: [Float], heads: Int, headSize: Int, columns: Int) -> [Float] {
        var result = matrix
        let half = headSize / 2
        for head in 0..<heads {
            for i in 0..<half {
                for a in 0..<2 {
                    let source = (head * headSize + a * half + i) * columns
                    let target = (head * headSize + 2 * i + a) * columns
                    result[target..<target + columns] = matrix[source..<source + columns]
                }
            }
        }
        return result
    }

    /// llama2.c order to HF's (the inverse of `unpermute`), for writing HF checkpoints.
    public static func permute(_ matrix: [Float], heads: Int, headSize: Int, columns: Int) -> [Float] {
        var result = matrix
        let half = headSize / 2
        for head in 0..<heads {
            for i in 0..<half {
                for a in 0..<2 {
                    let source = (head * headSize + 2 * i + a) * columns
                    let target = (head * headSize + a * half + i) * columns
                    result[target..<target + columns] = matrix[source..<source + columns]
                }
            }
        }
        return result
    }

    /// The fields of config.json we use; the optional ones have Hugging Face's defaults.
    private struct ConfigJSON: Decodable {
        let hidden_size: Int
        let intermediate_size: Int
        let num_hidden_layers: Int
        let num_attention_heads: Int
        let num_key_value_heads: Int?
        let vocab_size: Int
        let max_position_embeddings: Int
        let rms_norm_eps: Float?
        let rope_theta: Float?
        let tie_word_embeddings: Bool?
    }

    static func readConfig(_ path: String) throws -> ModelConfig {
        guard let data = FileManager.default.contents(atPath: path) else { throw CheckpointError.unreadable(path: path, reason: "no config.json") }
        let json = try decodeJSON(ConfigJSON.self, from: data, file: "config.json")
        return try ModelConfig(dim: json.hidden_size, hiddenDim: json.intermediate_size, layers: json.num_hidden_layers,
                               heads: json.num_attention_heads, kvHeads: json.num_key_value_heads ?? json.num_attention_heads,
                               vocab: json.vocab_size, seqLen: json.max_position_embeddings, normEps: json.rms_norm_eps ?? 1e-6,
                               ropeTheta: json.rope_theta ?? 10000, sharedClassifier: json.tie_word_embeddings ?? false)
    }

    private struct IndexJSON: Decodable {
        let weight_map: [String: String]
    }

    /// Which file holds which tensor.
    struct TensorIndex {
        private var files: [String: SafetensorsFile] = [:]
        private var owner: [String: String] = [:]
        private let description: String

        init(_ root: URL) throws {
            let indexURL = root.appendingPathComponent("model.safetensors.index.json")
            var names: [String]
            if let data = FileManager.default.contents(atPath: indexURL.path) {
                let index = try decodeJSON(IndexJSON.self, from: data, file: "model.safetensors.index.json")
                for (tensor, file) in index.weight_map {
                    guard !file.contains("/") else {
                        throw CheckpointError.malformedJSON(file: "model.safetensors.index.json", reason: "weight_map.\(tensor) must be a file name, got \(file)")
                    }
                    owner[tensor] = file
                }
                names = Array(Set(owner.values)).sorted()
                description = "model.safetensors.index.json"
            } else {
                let listing = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
                names = listing.filter { $0.hasSuffix(".safetensors") }.sorted()
                guard !names.isEmpty else { throw CheckpointError.unreadable(path: root.path, reason: "no .safetensors file in the directory") }
                description = names.joined(separator: ", ")
            }
            for name in names {
                let file = try SafetensorsFile(path: root.appendingPathComponent(name).path)
                files[name] = file
                if description != "model.safetensors.index.json" {
                    for tensor in file.entries.keys where owner[tensor] == nil { owner[tensor] = name }
                }
            }
        }

        func floats(_ tensor: String, shape: [Int]) throws -> [Float] {
            guard let name = owner[tensor], let file = files[name] else { throw CheckpointError.missingTensor(name: tensor, file: description) }
            return try file.floats(tensor, shape: shape)
        }
    }
}
