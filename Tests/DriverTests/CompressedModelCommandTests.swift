import Foundation
import Testing

/// `rcegen eval --rce` and `rcegen generate --rce`: the integer path's switches
/// (--kv-bits, --sinks, --window, --fp32-dequantized) and their bad values.
@Suite(.enabled(if: ModelFixtures.available, "shared data absent"))
struct CompressedModelCommandTests {
    static func rce() throws -> [String] {
        ["--rce", try #require(ModelFixtures.rce, "rcegen compress of the fixture failed"), "--tokenizer", ModelFixtures.tokenizer]
    }

    /// Perplexity of the first 6,000 bytes of TinyStories at C = 128 with `options`.
    static func perplexity(_ options: [String]) throws -> Double {
        let run = CapturedRun(["eval"] + (try rce()) + ["--text", try ModelFixtures.story(bytes: 6000), "--context", "128"] + options)
        #expect(run.status == 0, "\(options): \(run.stderr)")
        #expect(run.err.count == 1 && run.stderr.contains("chunks of 128"))
        return try #require(ModelFixtures.number(after: "perplexity ", in: run.out))
    }

    /// Each switch is a different computation; the file's defaults (KV4, Λ off) are what
    /// no switch gives; a window covering the chunk is exactly the full cache.
    @Test func evalSwitchesSelectTheComputation() throws {
        let defaults = try Self.perplexity([])
        let kv4 = try Self.perplexity(["--kv-bits", "4", "--window", "0"])
        let kv16 = try Self.perplexity(["--kv-bits", "16"])
        let dequantized = try Self.perplexity(["--fp32-dequantized", "--kv-bits", "16"])
        let lambda = try Self.perplexity(["--sinks", "2", "--window", "16"])
        let covering = try Self.perplexity(["--sinks", "4", "--window", "124"])
        #expect(kv4 == defaults && covering == defaults)
        #expect(Set([defaults, kv16, dequantized, lambda]).count == 4, "\(defaults) \(kv16) \(dequantized) \(lambda)")
        #expect([defaults, kv16, dequantized, lambda].allSatisfy { $0 > 1 && $0.isFinite })
    }

    @Test(arguments: [[], ["--kv-bits", "16"], ["--sinks", "1", "--window", "8"], ["--fp32-dequantized"]])
    func generatePrintsTextAndRate(options: [String]) throws {
        let run = CapturedRun(["generate"] + (try Self.rce()) + ["--prompt", "Once upon a time", "--steps", "40"] + options)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Once upon a time") && run.stdout.count > "Once upon a time".count)
        #expect(run.err.count == 1 && run.stderr.contains("40 positions in") && run.stderr.contains("tokens/s"))
    }

    /// Greedy generation is deterministic, and the window changes it only once positions
    /// are evicted: 12 steps with S 2 + W 10 keep everything.
    @Test func windowChangesGenerationOnlyAfterEviction() throws {
        func text(_ options: [String], steps: Int) throws -> String {
            let run = CapturedRun(["generate"] + (try Self.rce()) + ["--steps", String(steps)] + options)
            #expect(run.status == 0, "\(run.stderr)")
            return run.stdout
        }
        #expect(try text(["--sinks", "2", "--window", "10"], steps: 12) == text([], steps: 12))
        #expect(try text([], steps: 12) == text([], steps: 12))
    }

    @Test(arguments: [
        (["--kv-bits", "8"], 2, "option '--kv-bits' must be 4 or 16, got 8"),
        (["--kv-bits", "32"], 2, "option '--kv-bits' must be an integer in 4...16, got '32'"),
        (["--kv-bits", "four"], 2, "option '--kv-bits' must be an integer in 4...16, got 'four'"),
        (["--window", "-1"], 2, "option '--window' must be an integer in 0...1073741824, got '-1'"),
        (["--sinks", "1.5"], 2, "option '--sinks' must be an integer in 0...1073741824, got '1.5'"),
        (["--fp32-dequantized=1"], 2, "option '--fp32-dequantized' takes no value"),
        (["--model", "m.bin"], 2, "give --model or --rce, not both"),
    ])
    func badValuesGiveOneError(options: [String], status: Int32, message: String) throws {
        for command in ["eval", "generate"] {
            let text = command == "eval" ? ["--text", try ModelFixtures.story(bytes: 6000)] : []
            let run = CapturedRun([command] + (try Self.rce()) + text + options)
            #expect(run.status == status, "\(command) \(options): \(run.stderr)")
            #expect(run.err.count == 1)
            #expect(run.stderr.contains(message), "\(run.stderr)")
        }
    }

    /// The integer-path switches without a `.rce`, and unreadable or damaged `.rce` files.
    @Test func switchesNeedARCEAndBadFilesAreOneError() throws {
        let fp32 = ["generate", "--model", ModelFixtures.checkpoint, "--tokenizer", ModelFixtures.tokenizer]
        for (option, message) in [(["--kv-bits", "4"], "--kv-bits applies to a compressed model: give --rce"),
                                  (["--sinks", "4"], "--sinks applies to a compressed model: give --rce"),
                                  (["--window", "8"], "--window applies to a compressed model: give --rce"),
                                  (["--fp32-dequantized"], "--fp32-dequantized applies to a compressed model: give --rce")] {
            let run = CapturedRun(fp32 + option)
            #expect(run.status == 2 && run.err == ["rcegen generate: error: \(message)"], "\(run.stderr)")
        }
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = try Data(contentsOf: URL(fileURLWithPath: try #require(ModelFixtures.rce)))
        let truncated = directory.appendingPathComponent("truncated.rce"), flipped = directory.appendingPathComponent("flipped.rce")
        try good.prefix(good.count - 100).write(to: truncated)
        var damaged = good
        damaged[damaged.count / 2] ^= 0x40
        try damaged.write(to: flipped)
        for (path, message) in [("/nonexistent/m.rce", "cannot read .rce file /nonexistent/m.rce"),
                                (truncated.path, ".rce file truncated: \(good.count - 100) bytes, needs \(good.count)"),
                                (flipped.path, ".rce checksum mismatch")] {
            let run = CapturedRun(["generate", "--rce", path, "--tokenizer", ModelFixtures.tokenizer])
            #expect(run.status == 1, "\(path): \(run.stderr)")
            #expect(run.err.count == 1 && run.stderr.hasPrefix("rcegen generate: error: ") && run.stderr.contains(message), "\(run.stderr)")
        }
    }
}
