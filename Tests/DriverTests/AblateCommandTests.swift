import Foundation
import Testing

/// `rcegen ablate`: option parsing and errors, and short real runs (2:4 magnitude with
/// and without W2 RTN, fp32 and integer path, on the first 8,000 bytes of TinyStories).
@Suite(.enabled(if: ModelFixtures.available, "shared data absent"))
struct AblateCommandTests {
    static let common = ["ablate", "--model", ModelFixtures.checkpoint, "--tokenizer", ModelFixtures.tokenizer]
    static let label = "TinyStories 2nd half @256: perplexity "

    static func ablate(_ options: [String]) throws -> CapturedRun {
        CapturedRun(common + ["--tinystories", try ModelFixtures.story(bytes: 8000)] + options)
    }

    @Test func magnitudePruningRowPrintsSettingsAndPerplexity() throws {
        let run = try Self.ablate(["--prune", "magnitude", "--quantize", "none"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.out.count == 2)
        #expect(run.out.first?.hasPrefix("prune magnitude, quantize none, group 32") == true)
        let perplexity = try #require(ModelFixtures.number(after: Self.label, in: run.out))
        #expect(perplexity > 1 && perplexity.isFinite)
        #expect(run.stderr.contains("rcegen ablate: TinyStories 2nd half @256: ") && run.stderr.contains("scored tokens"))
    }

    /// The integer-path switches change the figure (each is a different computation) and
    /// a window covering the whole chunk changes nothing.
    @Test func integerPathSwitchesChangeTheFigure() throws {
        let options = ["--prune", "magnitude", "--quantize", "rtn"]
        func perplexity(_ extra: [String]) throws -> Double {
            let run = try Self.ablate(options + extra)
            #expect(run.status == 0, "\(extra): \(run.stderr)")
            return try #require(ModelFixtures.number(after: Self.label, in: run.out))
        }
        let fp32 = try perplexity([]), a8 = try perplexity(["--a8"]), kv4 = try perplexity(["--a8", "--kv4"])
        let lambda = try perplexity(["--a8", "--kv4", "--sinks", "2", "--window", "16"])
        let covering = try perplexity(["--a8", "--kv4", "--sinks", "4", "--window", "252"])
        #expect(Set([fp32, a8, kv4, lambda]).count == 4, "\(fp32) \(a8) \(kv4) \(lambda)")
        #expect(covering == kv4)
    }

    @Test(arguments: [
        (["--prune", "magnitude", "--quantize", "none"], 2, "give --tinystories and/or --wikitext to evaluate on"),
        (["--tinystories", "t.txt", "--prune", "none", "--quantize", "rtn", "--a8"], 2,
         "--a8, --kv4 and --window run the integer path, which needs 2:4 pruning and W2 quantization"),
        (["--tinystories", "t.txt", "--prune", "magnitude", "--quantize", "none", "--window", "8"], 2, "needs 2:4 pruning and W2 quantization"),
        (["--tinystories", "t.txt", "--window", "-3"], 2, "option '--window' must be an integer in 0...1073741824, got '-3'"),
        (["--tinystories", "t.txt", "--prune", "magnitude", "--quantize", "rtn", "--kv4", "--sinks", "x"], 2, "option '--sinks' must be an integer"),
        (["--tinystories", "t.txt", "--quantize", "best"], 2, "option '--quantize' must be one of none, rtn, gptq, got 'best'"),
        (["--tinystories", "/nonexistent/t.txt", "--prune", "magnitude", "--quantize", "none"], 1, "cannot read text file '/nonexistent/t.txt'"),
        (["--tinystories", "t.txt", "--a8=yes"], 2, "option '--a8' takes no value"),
        (["--tinystories", "t.txt", "--kv-bits", "4"], 2, "unknown option '--kv-bits' for 'ablate'"),
    ])
    func badOptionsGiveOneError(options: [String], status: Int32, message: String) {
        let run = CapturedRun(Self.common + options)
        #expect(run.status == status, "\(run.stderr)")
        #expect(run.err.count == 1)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test func missingTokenizerIsAUsageError() {
        let run = CapturedRun(["ablate", "--model", ModelFixtures.checkpoint, "--tinystories", "t.txt", "--prune", "magnitude", "--quantize", "none"])
        #expect(run.status == 2 && run.err == ["rcegen ablate: error: missing required option '--tokenizer'"])
    }

    /// `--threads` only splits the work: the figure is the same.
    @Test func threadsDoNotChangeTheFigure() throws {
        let one = try Self.ablate(["--prune", "magnitude", "--quantize", "rtn", "--kv4"])
        let two = try Self.ablate(["--prune", "magnitude", "--quantize", "rtn", "--kv4", "--threads", "2"])
        #expect(one.status == 0 && two.status == 0)
        #expect(one.out == two.out)
    }
}
