import Foundation
import Model
import Testing

@Suite struct HuggingFaceCheckpointTests {
    @Test(arguments: [(false, 1), (true, 1), (false, 3)])
    func roundTripUndoesTheQKPermutation(shared: Bool, shards: Int) throws {
        let weights = try SyntheticModel.weights(try SyntheticModel.config(shared: shared))
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try CheckpointWriter.huggingFace(weights, to: directory, shards: shards)
        #expect(try ModelCheckpoint.load(path: directory.path) == weights)
    }

    @Test(arguments: [CheckpointWriter.DType.f16, .bf16])
    func halfPrecisionTensorsWidenExactly(dtype: CheckpointWriter.DType) throws {
        // The writer rounds to the dtype; loading must widen those values exactly.
        let weights = try SyntheticModel.weights(try SyntheticModel.config(), bf16Exact: true)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try CheckpointWriter.huggingFace(weights, to: directory, dtype: dtype)
        let loaded = try HuggingFaceCheckpoint.load(directory: directory.path)
        let expected = dtype == .bf16 ? weights.embedding : weights.embedding.map { Float(Float16($0)) }
        #expect(loaded.embedding == expected)
        #expect(loaded.config == weights.config)
    }

    @Test(.enabled(if: SharedData.available, "shared data absent"))
    func stories260KThroughHuggingFaceGeneratesTheSameText() throws {
        let weights = try #require(SharedModel.weights), tokenizer = try #require(SharedModel.tokenizer)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try CheckpointWriter.huggingFace(weights, to: directory)
        let loaded = try HuggingFaceCheckpoint.load(directory: directory.path)
        #expect(loaded.layers == weights.layers)
        var sampler = Sampler(temperature: 0, seed: 1)
        let text = try Generator.generate(model: Transformer(weights: loaded), tokenizer: tokenizer, prompt: "Lily was", steps: 48, sampler: &sampler).text
        #expect(text.hasPrefix("Lily was a little girl named Lily who loved to play with her toys."))
    }

    @Test func malformedCheckpointsGiveOneClearError() throws {
        let weights = try SyntheticModel.weights(try SyntheticModel.config())
        let tensors = CheckpointWriter.huggingFaceTensors(weights)
        let config = CheckpointWriter.configJSON(weights.config)
        func directory(config: String?, files: [String: [UInt8]]) throws -> URL {
            let url = try makeTemporaryDirectory()
            if let config { try Data(config.utf8).write(to: url.appendingPathComponent("config.json")) }
            for (name, bytes) in files { try Data(bytes).write(to: url.appendingPathComponent(name)) }
            return url
        }
        let good = CheckpointWriter.safetensors(tensors, dtype: .f32)
        var wrongShape = tensors
        wrongShape[0].1 = [wrongShape[0].1[1], wrongShape[0].1[0]]
        var headerTooLong = good
        headerTooLong.replaceSubrange(0..<8, with: [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])
        var nan = tensors
        nan[4].2[5] = .infinity
        let cases: [(String?, [String: [UInt8]], String)] = [
            (nil, ["model.safetensors": good], "no config.json"),
            ("{\"hidden_size\": 16}", ["model.safetensors": good], "config.json: missing key intermediate_size"),
            (config.replacingOccurrences(of: "\"hidden_size\": 16", with: "\"hidden_size\": \"16\""), ["model.safetensors": good],
             "config.json: hidden_size must be an integer"),
            (config.replacingOccurrences(of: "\"tie_word_embeddings\": false", with: "\"tie_word_embeddings\": 0"), ["model.safetensors": good],
             "config.json: tie_word_embeddings must be true or false"),
            ("not json", ["model.safetensors": good], "config.json: not valid JSON"),
            (config.replacingOccurrences(of: "\"num_key_value_heads\": 2", with: "\"num_key_value_heads\": 3"), ["model.safetensors": good],
             "n_kv_heads = 3 does not divide n_heads 4"),
            (config, [:], "no .safetensors file in the directory"),
            (config, ["model.safetensors": CheckpointWriter.safetensors(Array(tensors.dropLast()), dtype: .f32)],
             "tensor lm_head.weight is missing from model.safetensors"),
            (config, ["model.safetensors": CheckpointWriter.safetensors(wrongShape, dtype: .f32)],
             "tensor model.embed_tokens.weight has shape [16, 40], expected [40, 16]"),
            (config, ["model.safetensors": Array(good.prefix(5))], "model.safetensors: shorter than its 8-byte header length"),
            (config, ["model.safetensors": headerTooLong], "model.safetensors: header length 4294967295 exceeds the file"),
            (config, ["model.safetensors": Array(good.dropLast(4))], "outside the"),
            (config, ["model.safetensors": CheckpointWriter.safetensors(nan, dtype: .f32)], "tensor layers.0.wv holds inf at index 5"),
            (config, ["model.safetensors": CheckpointWriter.safetensors(tensors, dtype: .f32, dtypeName: "U32")],
             "has dtype U32 (supported: F32, F16, BF16)"),
            (config, ["model.safetensors": good, "model.safetensors.index.json": Array("{\"weight_map\": 3}".utf8)],
             "model.safetensors.index.json: weight_map must be"),
        ]
        for (config, files, message) in cases {
            let url = try directory(config: config, files: files)
            defer { try? FileManager.default.removeItem(at: url) }
            let error = errorMessage { _ = try ModelCheckpoint.load(path: url.path) }
            #expect(error?.contains(message) == true, "expected '\(message)', got \(error ?? "no error")")
        }
    }
}
