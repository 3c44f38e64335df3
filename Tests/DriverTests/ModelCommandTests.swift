import Foundation
import Testing

/// `rcegen generate` and `rcegen eval` on the shared stories260K model.
@Suite struct ModelCommandTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("../shared/data").standardizedFileURL.path
    static let available = FileManager.default.fileExists(atPath: data + "/stories260K.bin")
    static let model = ["--model", data + "/stories260K.bin", "--tokenizer", data + "/tok512.bin"]

    @Test(.enabled(if: available, "shared data absent"))
    func generatePrintsRunCsGreedyText() {
        let run = CapturedRun(["generate"] + Self.model + ["--prompt", "The dog", "--steps", "48"])
        #expect(run.status == 0)
        #expect(run.stdout == "The dog was a big, red ball. He liked to play with his ball. He liked to play with his ball. He liked to play with his ball. He liked to play with")
        #expect(run.stderr.contains("48 positions in") && run.stderr.contains("tokens/s"))
    }

    @Test(.enabled(if: available, "shared data absent"))
    func evalPrintsThePerplexity() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = directory.appendingPathComponent("story.txt")
        let story = try Data(contentsOf: URL(fileURLWithPath: Self.data + "/tinystories_val.txt")).prefix(4000)
        try story.write(to: text)
        let run = CapturedRun(["eval"] + Self.model + ["--text", text.path, "--context", "128"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("perplexity "))
        let value = Double(run.stdout.dropFirst("perplexity ".count)) ?? 0
        #expect(value > 1 && value < 20)
        #expect(run.stderr.contains("chunks of 128") && run.stderr.contains("(llamacpp)"))
        let full = CapturedRun(["eval"] + Self.model + ["--text", text.path, "--context", "128", "--method", "full", "--second-half"])
        #expect(full.status == 0 && full.stderr.contains("(full)"))
    }

    @Test(arguments: [
        (["generate", "--model", "/nonexistent/m.bin", "--tokenizer", "/nonexistent/t.bin"], 1, "cannot read checkpoint /nonexistent/m.bin"),
        (["generate", "--tokenizer", "t.bin"], 2, "missing required option '--model'"),
        (["generate", "--model", "m.bin", "--tokenizer", "t.bin", "--temperature", "-1"], 2, "option '--temperature' must be a number in 0.0...100.0"),
        (["generate", "--model", "m.bin", "--tokenizer", "t.bin", "--steps", "0"], 2, "option '--steps' must be an integer"),
        (["eval", "--model", "m.bin", "--tokenizer", "t.bin", "--text", "x.txt", "--method", "mean"], 2, "unknown method 'mean' (known: llamacpp, full)"),
        (["eval", "--model", "m.bin", "--tokenizer", "t.bin", "--text", "/nonexistent/x.txt"], 1, "cannot read text file '/nonexistent/x.txt'"),
    ])
    func badInputsGiveOneErrorLine(arguments: [String], status: Int32, message: String) {
        let run = CapturedRun(arguments)
        #expect(run.status == status)
        #expect(run.err.count == 1)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test(.enabled(if: available, "shared data absent"))
    func tokenizerOfAnotherVocabularyIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The first 300 tokens of tok512.bin: a valid tokenizer for a 300-token vocabulary.
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.data + "/tok512.bin")))
        var offset = 4
        for _ in 0..<300 { offset += 8 + Int(UInt32(bytes[offset + 4]) | UInt32(bytes[offset + 5]) << 8) }
        let path = directory.appendingPathComponent("tok300.bin")
        try Data(bytes.prefix(offset)).write(to: path)
        let run = CapturedRun(["generate", "--model", Self.data + "/stories260K.bin", "--tokenizer", path.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("tokenizer has 300 tokens but the model's vocabulary is 512"))
    }
}
