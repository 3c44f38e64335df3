import Foundation
import Model
import Testing

@Suite struct Llama2cCheckpointTests {
    @Test(.enabled(if: SharedData.available, "shared data absent"))
    func loadsStories260K() throws {
        let weights = try Llama2cCheckpoint.load(path: try #require(SharedData.path("stories260K.bin")))
        let config = weights.config
        let dimensions: [Int] = [config.dim, config.hiddenDim, config.layers, config.heads, config.kvHeads, config.vocab, config.seqLen]
        #expect(dimensions == [64, 172, 5, 8, 4, 512, 512])
        #expect(config.sharedClassifier)
        #expect(config.headSize == 8 && config.kvDim == 32)
        #expect(weights.classifier == weights.embedding)
        #expect(weights.layers[4].w2.count == 64 * 172)
        // Writing it back in the legacy layout reproduces the file byte for byte, except
        // the RoPE tables, which the writer leaves zero and the reader skips.
        let original = try Data(contentsOf: URL(fileURLWithPath: try #require(SharedData.path("stories260K.bin"))))
        let written = CheckpointWriter.legacy(weights)
        let tables = config.seqLen * config.headSize * 4
        let tail = original.count - tables
        #expect(written.count == original.count)
        #expect(Array(original.prefix(tail)) == Array(written.prefix(tail)))
    }

    @Test(arguments: [false, true])
    func legacyAndVersion1RoundTrip(shared: Bool) throws {
        let weights = try SyntheticModel.weights(try SyntheticModel.config(shared: shared))
        #expect(try Llama2cCheckpoint.load(bytes: CheckpointWriter.legacy(weights)) == weights)
        #expect(try Llama2cCheckpoint.load(bytes: CheckpointWriter.version1(weights)) == weights)
        #expect(try Llama2cCheckpoint.loadVersion1(CheckpointWriter.version1(weights)) == weights)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, bytes) in [("legacy.bin", CheckpointWriter.legacy(weights)), ("v1.bin", CheckpointWriter.version1(weights))] {
            let file = directory.appendingPathComponent(name)
            try Data(bytes).write(to: file)
            #expect(try ModelCheckpoint.load(path: file.path) == weights)
            try Data(bytes.dropLast()).write(to: file)
            #expect(errorMessage { _ = try ModelCheckpoint.load(path: file.path) }?.contains("but its header describes \(bytes.count) bytes") == true)
        }
    }

    /// Header words patched into an otherwise valid legacy file.
    static func legacy(patching index: Int, with value: Int32, and other: (Int, Int32)? = nil) throws -> [UInt8] {
        var bytes = CheckpointWriter.legacy(try SyntheticModel.weights(try SyntheticModel.config()))
        for (index, value) in [(index, value)] + (other.map { [$0] } ?? []) {
            withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(4 * index..<4 * index + 4, with: $0) }
        }
        return bytes
    }

    @Test func malformedFilesGiveOneClearError() throws {
        let weights = try SyntheticModel.weights(try SyntheticModel.config())
        let legacy = CheckpointWriter.legacy(weights)
        var nan = legacy
        // First value of layer 1's wq: after the embedding (40·16), rms_att (2·16) and layer 0's wq (16·16).
        let offset = 28 + 4 * (40 * 16 + 2 * 16 + 16 * 16)
        withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { nan.replaceSubrange(offset..<offset + 4, with: $0) }
        var badFlag = CheckpointWriter.version1(weights)
        badFlag[36] = 7
        let cases: [([UInt8], String)] = [
            ([1, 2, 3], "checkpoint truncated: header needs 4 bytes at offset 0, only 3 left"),
            (Array(legacy.prefix(20)), "checkpoint truncated: vocab_size needs 4 bytes at offset 20"),
            (Array(legacy.dropLast(4)), "checkpoint is \(legacy.count - 4) bytes but its header describes \(legacy.count) bytes"),
            (legacy + [0, 0, 0, 0], "but its header describes \(legacy.count) bytes"),
            (try Self.legacy(patching: 0, with: 0), "dim = 0 must be positive"),
            (try Self.legacy(patching: 2, with: -1), "n_layers = -1 must be positive"),
            (try Self.legacy(patching: 3, with: 3), "n_heads = 3 does not divide dim 16"),
            (try Self.legacy(patching: 4, with: 3), "n_kv_heads = 3 does not divide n_heads 4"),
            (try Self.legacy(patching: 3, with: 16), "odd head size 1"),
            (try Self.legacy(patching: 1, with: Int32.max), "bytes but its header describes 8246"),
            (try Self.legacy(patching: 1, with: Int32.max, and: (2, Int32.max)), "describe more weights than can be counted"),
            (nan, "tensor layers.1.wq holds nan at index 0"),
            (CheckpointWriter.version1(weights, version: 2), "checkpoint version 2 is not supported"),
            (badFlag, "shared_classifier = 7 must be 0 or 1"),
            (Array(CheckpointWriter.version1(weights).prefix(100)), "header padding needs"),
        ]
        for (bytes, message) in cases {
            let error = errorMessage { _ = try Llama2cCheckpoint.load(bytes: bytes) }
            #expect(error?.contains(message) == true, "expected '\(message)', got \(error ?? "no error")")
        }
        #expect(errorMessage { _ = try Llama2cCheckpoint.loadVersion1(legacy) }?.contains("checkpoint has magic 0x10, expected 0x616b3432") == true)
        #expect(errorMessage { _ = try Llama2cCheckpoint.load(path: "/nonexistent/model.bin") } == "cannot read checkpoint /nonexistent/model.bin: no such file")
    }
}
