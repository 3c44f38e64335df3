import Foundation
import Testing

/// `rcegen compress`: a `.rce` written atomically, progress on stderr, and every bad flag
/// or input one clear error line with a non-zero status that leaves the previous file.
@Suite(.enabled(if: ModelFixtures.available, "shared data absent"))
struct CompressCommandTests {
    static let model = ["--model", ModelFixtures.checkpoint]

    /// The real pipeline (2:4 OBS + W2 GPTQ, the defaults) on a small calibration set:
    /// two segments of 32 tokens.
    @Test func compressWritesAReadableFileAndReportsProgress() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("model.rce").path
        let run = CapturedRun(["compress"] + Self.model + ["--calibration", ModelFixtures.calibration, "--segment-length", "32",
                                                            "--segments", "2", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.out.isEmpty)
        #expect(run.err.count >= 3, "progress per block expected: \(run.stderr)")
        #expect(run.err.allSatisfy { $0.hasPrefix("rcegen compress: ") })
        #expect(run.stderr.contains("compressed 5 blocks") && run.stderr.contains("peak memory"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(run.err.last == "rcegen compress: wrote \(out) (\(bytes.count) bytes)")
        #expect(Array(bytes.prefix(8)) == Array("RCEMODEL".utf8))
        // Nothing but the file is left in the directory (no temporary from the atomic write).
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.rce"])
        // The file runs: integer-path generation from it.
        let generated = CapturedRun(["generate", "--rce", out, "--tokenizer", ModelFixtures.tokenizer, "--steps", "16"])
        #expect(generated.status == 0 && !generated.stdout.isEmpty, "\(generated.stderr)")
    }

    /// A failing run (usage error, unreadable input, impossible output) leaves the previous
    /// output byte for byte, and prints one line.
    @Test func failedRunsLeaveThePreviousFileIntact() throws {
        // A directory of its own: the shared fixture folder gains files as other suites run.
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("model.rce").path
        try FileManager.default.copyItem(atPath: try #require(ModelFixtures.rce), toPath: out)
        let before = try Data(contentsOf: URL(fileURLWithPath: out))
        let listing = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        let failures: [([String], Int32)] = [
            (["compress"] + Self.model + ["--prune", "magnitude", "--quantize", "rtn", "--group-size", "6", "--out", out], 1),
            (["compress"] + Self.model + ["--prune", "sparse", "--out", out], 2),
            (["compress", "--model", "/nonexistent/m.bin", "--prune", "magnitude", "--quantize", "rtn", "--out", out], 1),
            (["compress"] + Self.model + ["--calibration", "/nonexistent/c.i32", "--out", out], 1),
        ]
        for (arguments, status) in failures {
            let run = CapturedRun(arguments)
            #expect(run.status == status, "\(arguments): \(run.stderr)")
            #expect(run.err.count == 1 && run.stderr.hasPrefix("rcegen compress: error: "), "\(run.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == before)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == listing)
    }

    @Test func unwritableOutputIsOneError() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let blocked = directory.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocked)
        let out = blocked.appendingPathComponent("model.rce").path
        let run = CapturedRun(["compress"] + Self.model + ["--prune", "magnitude", "--quantize", "rtn", "--out", out])
        #expect(run.status == 1)
        #expect(run.err.last?.hasPrefix("rcegen compress: error: cannot write \(out)") == true, "\(run.stderr)")
        #expect(run.err.filter { $0.contains("error") }.count == 1)
        #expect(try Data(contentsOf: blocked) == Data("x".utf8))
    }

    @Test(arguments: [
        (["compress", "--model", "m.bin", "--prune", "magnitude", "--quantize", "rtn"], "missing required option '--out'"),
        (["compress", "--prune", "magnitude", "--quantize", "rtn", "--out", "x.rce"], "missing required option '--model'"),
        (["compress", "--model", "m.bin", "--quantize", "none", "--out", "x.rce"], "for --prune none or --quantize none use 'rcegen ablate'"),
        (["compress", "--model", "m.bin", "--prune", "none", "--out", "x.rce"], "for --prune none or --quantize none use 'rcegen ablate'"),
        (["compress", "--model", "m.bin", "--prune", "obs", "--quantize", "rtn", "--out", "x.rce"], "combine it with --quantize gptq or none"),
        (["compress", "--model", "m.bin", "--prune", "pruned", "--out", "x.rce"], "option '--prune' must be one of none, magnitude, obs, got 'pruned'"),
        (["compress", "--model", "m.bin", "--range-search", "best", "--out", "x.rce"], "option '--range-search' must be mse or full, got 'best'"),
        (["compress", "--model", "m.bin", "--group-range", "some", "--out", "x.rce"], "option '--group-range' must be kept or all, got 'some'"),
        (["compress", "--model", "m.bin", "--damping", "2", "--out", "x.rce"], "option '--damping' must be a number in 0.0...1.0, got '2'"),
        (["compress", "--model", "m.bin", "--group-size", "2", "--out", "x.rce"], "option '--group-size' must be an integer in 4...1048576, got '2'"),
        (["compress", "--model", ModelFixtures.checkpoint, "--out", "x.rce"], "--prune obs --quantize gptq needs --calibration"),
        (["compress", "--model", "m.bin", "--out", "x.rce", "--threads", "2"], "unknown option '--threads' for 'compress'"),
    ])
    func badFlagsGiveOneUsageError(arguments: [String], message: String) {
        let run = CapturedRun(arguments)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.err.count == 1)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "x.rce"))
    }
}
