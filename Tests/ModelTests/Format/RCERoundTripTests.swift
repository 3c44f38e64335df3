import Foundation
import Model
import Numerics
import Testing

@Suite struct RCERoundTripTests {
    @Test(arguments: [(1, true), (2, false)])
    func encodeThenDecodeGivesTheSameModel(layers: Int, shared: Bool) throws {
        let model = try TestModels.randomModel(config: try TestModels.tinyConfig(layers: layers, sharedClassifier: shared), seed: 11)
        let decoded = try RCEReader.decode(RCEWriter.encode(model))
        #expect(decoded == model)
        #expect(RCEWriter.encode(decoded) == RCEWriter.encode(model))
    }

    @Test func writesAtomicallyAndLoadsFromDisk() throws {
        let model = try TestModels.randomModel(config: try TestModels.tinyConfig(), seed: 12)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rce-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tiny.rce").path
        try Data("an older file".utf8).write(to: URL(fileURLWithPath: path))
        try RCEWriter.write(model, to: path)
        #expect(try RCEReader.load(path: path) == model)
        // Only the final file remains: the temporary was renamed, not left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["tiny.rce"])
    }

    @Test func missingFileAndUnwritableDirectoryAreClearErrors() throws {
        #expect(throws: RCEFormatError.unreadable(path: "/nonexistent/x.rce", reason: "no such file")) {
            try RCEReader.load(path: "/nonexistent/x.rce")
        }
        let model = try TestModels.randomModel(config: try TestModels.tinyConfig(), seed: 12)
        do {
            try RCEWriter.write(model, to: "/nonexistent/dir/x.rce")
            Issue.record("writing into a missing directory succeeded")
        } catch let error as RCEFormatError {
            #expect(error.description.hasPrefix("cannot write .rce file /nonexistent/dir/x.rce: "))
        }
    }

    /// The layout facts the hardware relies on: 64-byte alignment of every tensor, group
    /// rows of whole 56-byte units with neutral padding fields, parameter pairs, the trailer.
    @Test func layoutIsBeatAligned() throws {
        let config = try TestModels.tinyConfig()
        let model = try TestModels.randomModel(config: config, seed: 13)
        let file = RCEBytes(model)
        #expect(Array(file.bytes[0..<8]) == Array("RCEMODEL".utf8))
        #expect(file.u32(at: 8) == 3)
        #expect(Int(file.u64(at: 16)) == file.bytes.count)
        #expect(file.tensorCount == 2 + 2 + 7 * 3)
        #expect(Int(file.u32(at: 12)) == 128 + 64 * file.tensorCount)
        #expect((file.bytes.count - 4) % 64 == 0)
        for index in 0..<file.tensorCount { #expect(file.u64(at: file.entry(index) + 48) % 64 == 0) }

        // w2: 8 rows × 12 columns → 3 group fields per row, then 61 padding fields: one
        // 56-byte unit per row, rows back to back (8 rows fill exactly 7 beats).
        let w2 = model.layers[0][.w2]
        let groups = file.dataOffset("layers.0.w2.groups")
        #expect(file.rowStride("layers.0.w2.groups") == 56)
        #expect(file.length("layers.0.w2.groups") == 8 * 56)
        for row in 0..<8 {
            let start = groups + 56 * row
            #expect((0..<3).map { SparseGroupStream.field(file.bytes, rowStart: start, index: $0) } == w2.groups[3 * row..<3 * row + 3].map(\.field))
            #expect((3..<64).allSatisfy { SparseGroupStream.field(file.bytes, rowStart: start, index: $0) == 0x50 })
        }
        #expect(file.dataOffset("layers.0.w2.parameters") == groups + 8 * 56)
        // wk: 4 rows of 56 bytes end mid-beat; zeros up to the next tensor's beat.
        let wk = file.dataOffset("layers.0.wk.groups")
        #expect(file.bytes[wk + 4 * 56..<wk + 4 * 64].allSatisfy { $0 == 0 })
        #expect(file.dataOffset("layers.0.wk.parameters") == wk + 4 * 64)
        // Two quantization groups per row (8 + 4 columns): a parameter byte each, zero padded.
        let parameters = file.dataOffset("layers.0.w2.parameters")
        for row in 0..<8 {
            let start = parameters + 64 * row
            let expected = w2.parameters[2 * row..<2 * row + 2].map { $0.scaleMantissa | $0.zero << 6 }
            #expect(Array(file.bytes[start..<start + 2]) == expected)
            #expect(file.bytes[start + 2..<start + 64].allSatisfy { $0 == 0 })
        }
        let scales = file.dataOffset("layers.0.w2.row_scales")
        #expect((0..<8).map { Float(bitPattern: file.u32(at: scales + 4 * $0)) } == w2.rowScales)
        #expect(file.u32(at: file.bytes.count - 4) == CRC32C.checksum(file.bytes.dropLast(4)))
    }

    @Test func paddingGroupContributesNothing() {
        #expect(SparseGroup.padding.operands == (0, 0))
        #expect(SparseGroup.padding.field == 0x50)
    }

    @Test func modelConstructionRejectsOutOfRangeContents() throws {
        let config = try TestModels.tinyConfig()
        let model = try TestModels.randomModel(config: config, seed: 14)
        var layer = model.layers[0].matrices
        func build(_ matrices: [LinearSite: SparseQuantizedMatrix]) throws -> CompressedModel {
            try CompressedModel(config: config, settings: model.settings, embedding: model.embedding,
                                layers: [CompressedLayer(attentionNorm: model.layers[0].attentionNorm, ffnNorm: model.layers[0].ffnNorm, matrices: matrices)],
                                finalNorm: model.finalNorm, classifier: nil)
        }
        // wk: 4 rows of 8 columns, one group per row. Each parameter must fit its byte.
        for mantissa: UInt8 in [0, 64, 255] {
            var matrix = layer[.k]!
            matrix.parameters[3].scaleMantissa = mantissa
            layer[.k] = matrix
            #expect(throws: RCEFormatError.mantissaOutOfRange(tensor: "layers.0.wk.parameters", row: 3, group: 0, mantissa: mantissa)) {
                try build(layer)
            }
        }
        var matrix = layer[.k]!
        matrix.parameters[3] = WeightGroupParameters(scaleMantissa: 63, zero: 4)
        layer[.k] = matrix
        #expect(throws: RCEFormatError.zeroPointOutOfRange(tensor: "layers.0.wk.parameters", row: 3, group: 0, zero: 4)) {
            try build(layer)
        }
        layer[.k] = model.layers[0][.q]
        #expect(throws: RCEFormatError.shapeMismatch(tensor: "layers.0.wk", expected: [4, 8, 8], found: [8, 8, 8])) {
            try build(layer)
        }
    }

    @Test func settingsRejectImpossibleValues() {
        #expect(throws: RCEFormatError.invalidHeader(field: "group_size", value: "6", reason: "must be a positive multiple of 4")) {
            try CompressionSettings(groupSize: 6, pruneMethod: "obs", quantizer: "gptq")
        }
        #expect(throws: RCEFormatError.invalidHeader(field: "kv_bits", value: "8", reason: "must be 4 or 16")) {
            try CompressionSettings(groupSize: 32, pruneMethod: "obs", quantizer: "gptq", kvBits: 8)
        }
        #expect(throws: RCEFormatError.self) {
            try CompressionSettings(groupSize: 32, pruneMethod: "a very long method name", quantizer: "gptq")
        }
    }
}
