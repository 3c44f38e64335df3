import Foundation
import Model
import Numerics
import Testing

/// docs/format.md's worked example is the hexdump of a file this test makes: every dump
/// line the document quotes must be a line of the real dump.
@Suite struct FormatDocumentationTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The example: dim 4, hidden 4, one layer, 2 heads, 1 KV head, vocab 2, group size 4,
    /// simple values so the bytes are readable.
    static func exampleModel() throws -> CompressedModel {
        let config = try ModelConfig(dim: 4, hiddenDim: 4, layers: 1, heads: 2, kvHeads: 1, vocab: 2, seqLen: 8, sharedClassifier: true)
        let settings = try CompressionSettings(groupSize: 4, pruneMethod: "obs", quantizer: "gptq", sharedMaskRows: 1,
                                               kvBits: 4, sinks: 4, window: 64)
        let validBytes = (0...255).map(UInt8.init).filter { SparseGroup(byte: $0) != nil }
        var matrices = [LinearSite: SparseQuantizedMatrix]()
        for (siteIndex, site) in LinearSite.allCases.enumerated() {
            let shape = site.shape(in: config)
            matrices[site] = SparseQuantizedMatrix(
                rows: shape.rows, columns: shape.columns, groupSize: 4,
                groups: (0..<shape.rows).map { SparseGroup(byte: validBytes[(7 * siteIndex + $0) % validBytes.count])! },
                parameters: (0..<shape.rows).map { WeightGroupParameters(scaleMantissa: UInt8(40 + $0), zero: UInt8($0 % 4)) },
                rowScales: (0..<shape.rows).map { _ in 1 / 256 })
        }
        return try CompressedModel(config: config, settings: settings, embedding: (0..<8).map { Float($0) * 0.25 },
                                   layers: [CompressedLayer(attentionNorm: [1, 1, 1, 1], ffnNorm: [1, 1, 1, 1], matrices: matrices)],
                                   finalNorm: [1, 1, 1, 1], classifier: nil)
    }

    /// `offset: 16 hex bytes  |ascii|`, like `xxd -g 1` with a fixed layout.
    static func hexdump(_ bytes: [UInt8]) -> [String] {
        stride(from: 0, to: bytes.count, by: 16).map { start in
            let line = bytes[start..<min(start + 16, bytes.count)]
            let hex = line.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
            let ascii = String(line.map { (0x20...0x7E).contains($0) ? Character(UnicodeScalar($0)) : "." })
            let offset = String(start, radix: 16)
            return String(repeating: "0", count: 8 - offset.count) + offset + ": " + hex.padding(toLength: 47, withPad: " ", startingAt: 0) + "  |" + ascii + "|"
        }
    }

    @Test func workedExampleMatchesTheWriter() throws {
        let bytes = RCEWriter.encode(try Self.exampleModel())
        #expect(try RCEReader.decode(bytes) == Self.exampleModel())
        let dump = Self.hexdump(bytes)
        let dumpPath = FileManager.default.temporaryDirectory.appendingPathComponent("rce-worked-example.hexdump")
        try (dump.joined(separator: "\n") + "\n").write(to: dumpPath, atomically: true, encoding: .utf8)

        let document = try String(contentsOf: Self.packageRoot.appendingPathComponent("docs/format.md"), encoding: .utf8)
        let quoted = document.split(separator: "\n").map(String.init).filter { line in
            line.count > 10 && line.prefix(8).allSatisfy(\.isHexDigit) && line.dropFirst(8).hasPrefix(": ")
        }
        #expect(quoted.count >= 20, "docs/format.md quotes too little of the example")
        let lines = Set(dump)
        for line in quoted {
            #expect(lines.contains(line), "docs/format.md quotes a line the writer does not produce (full dump in \(dumpPath.path)): \(line)")
        }
        #expect(document.contains("\(bytes.count) bytes"), "docs/format.md must state the example's size, \(bytes.count) bytes")
    }
}
