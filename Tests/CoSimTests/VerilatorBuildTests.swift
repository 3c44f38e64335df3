import CoSim
import Foundation
import Testing

extension CoSimulation {
    @Suite("Building models: cache, races and errors")
    struct VerilatorBuildTests {
        /// A register that counts vectors, tiny to build.
        static let register = DesignUnderTest(
            verilog: """
                module reg8 (
                    input wire clk,
                    input wire [7:0] d,
                    output reg [7:0] q
                );
                    always @(posedge clk) q <= d;
                endmodule

                """,
            topModule: "reg8", ports: [.input("clk", width: 1), .input("d", width: 8), .output("q", width: 8)], clock: "clk")

        private func temporaryDirectory(_ label: String) throws -> URL {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("cosim-\(label)-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }

        /// A verilator stand-in that logs each invocation and forwards to the real one.
        private func loggingVerilator(in directory: URL) throws -> (script: URL, log: URL) {
            let real = try #require(ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":")
                .map { URL(fileURLWithPath: String($0)).appendingPathComponent("verilator") }
                .first { FileManager.default.isExecutableFile(atPath: $0.path) })
            let log = directory.appendingPathComponent("invocations.log")
            let script = directory.appendingPathComponent("verilator")
            try "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '\(log.path)'\nexec '\(real.path)' \"$@\"\n".write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            return (script, log)
        }

        private func invocations(_ log: URL) -> [String] {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        @Test func racingColdBuildsBothSucceedAndTheNextBuildIsACacheHit() async throws {
            let directory = try temporaryDirectory("cache")
            defer { try? FileManager.default.removeItem(at: directory) }
            let (script, log) = try loggingVerilator(in: directory)
            let options = CoSimBuildOptions(verilator: script.path, cacheDirectory: directory.appendingPathComponent("cache"))
            let design = Self.register
            let results = await withTaskGroup(of: Result<CoSimModel, CoSimError>.self) { group in
                for _ in 0 ..< 2 {
                    group.addTask { Result { () throws(CoSimError) in try CoSimModel.build(design, protocol: .pipeline(latency: 1), options: options) } }
                }
                var collected: [Result<CoSimModel, CoSimError>] = []
                for await result in group { collected.append(result) }
                return collected
            }
            let racers = try results.map { try $0.get() }
            #expect(racers[0].buildInfo.key == racers[1].buildInfo.key)
            let coldBuilds = invocations(log).filter { $0.contains("--build") }.count
            #expect(coldBuilds == 2 || racers.contains { $0.buildInfo.cacheHit })

            let before = invocations(log).count
            let again = try CoSimModel.build(design, protocol: .pipeline(latency: 1), options: options)
            let after = invocations(log)
            #expect(again.buildInfo.cacheHit)
            #expect(again.buildInfo.key == racers[0].buildInfo.key)
            // Only the version query ran: no verilator build.
            #expect(after.count == before + 1)
            #expect(after.last == "--version")
            let cold = racers.map(\.buildInfo.elapsedSeconds).max() ?? 0
            #expect(again.buildInfo.elapsedSeconds < cold / 4, "cached \(again.buildInfo.elapsedSeconds) s vs cold \(cold) s")
            print("cold build (two racing): \(cold) s, cached lookup: \(again.buildInfo.elapsedSeconds) s")
            // No staging directories are left behind.
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: options.cacheDirectory.path).filter { $0.hasPrefix(".staging") }
            #expect(leftovers.isEmpty)

            let vectors: [[String: PortValue]] = (0 ..< 256).map { ["d": PortValue($0)] }
            let report = try again.run(vectors: vectors, expected: vectors.map { ["q": $0["d"] ?? 0] }, options: CoSimRunOptions(seed: 1))
            #expect(report.passed, "\(report)")
            #expect(report.statistics.buildCacheHit)

            // A different design in the same cache compiles only its own C++: Verilator's
            // runtime objects come from the first build.
            var inverted = design
            inverted.sources[0].text = inverted.sources[0].text.replacingOccurrences(of: "q <= d;", with: "q <= ~d;")
            let other = try CoSimModel.build(inverted, protocol: .pipeline(latency: 1), options: options)
            #expect(!other.buildInfo.cacheHit)
            #expect(other.buildInfo.runtimeReused)
            #expect(invocations(log).last?.contains("--old-file=verilated.o") == true)
            print("build reusing the runtime: \(other.buildInfo.verilatorSeconds) s")
            let invertedReport = try other.run(
                vectors: vectors, expected: (0 ..< 256).map { ["q": PortValue(255 - $0)] }, options: CoSimRunOptions(seed: 1))
            #expect(invertedReport.passed, "\(invertedReport)")
        }

        @Test func cacheKeyCoversSourcesHarnessAndFlags() throws {
            let base = try CoSimModel.cacheKey(Self.register, protocol: .pipeline(latency: 1))
            #expect(base.count == 64)
            #expect(try CoSimModel.cacheKey(Self.register, protocol: .pipeline(latency: 1)) == base)
            // The latency is a run-time argument, not part of the binary.
            #expect(try CoSimModel.cacheKey(Self.register, protocol: .pipeline(latency: 3)) == base)
            var commented = Self.register
            commented.sources[0].text += "// edited\n"
            #expect(try CoSimModel.cacheKey(commented, protocol: .pipeline(latency: 1)) != base)
            #expect(try CoSimModel.cacheKey(Self.register, protocol: .pipeline(latency: 1), options: CoSimBuildOptions(waveformSupport: true)) != base)
            #expect(try CoSimModel.cacheKey(Self.register, protocol: .pipeline(latency: 1), options: CoSimBuildOptions(extraFlags: ["-DX"])) != base)
            var signedOutput = Self.register
            signedOutput.ports[2].isSigned = true
            #expect(try CoSimModel.cacheKey(signedOutput, protocol: .pipeline(latency: 1)) == base, "signedness is read in Swift only")
        }

        @Test func buildFailureShowsVerilatorsFirstLines() throws {
            let directory = try temporaryDirectory("keys")
            defer { try? FileManager.default.removeItem(at: directory) }
            let (script, log) = try loggingVerilator(in: directory)
            // A syntax error fails fast, before any C++ is compiled, and still exercises the key.
            var broken = Self.register
            broken.sources[0].text = broken.sources[0].text.replacingOccurrences(of: "q <= d;", with: "q <= d +;")
            let options = CoSimBuildOptions(verilator: script.path, cacheDirectory: directory.appendingPathComponent("cache"))
            #expect {
                try CoSimModel.build(broken, protocol: .pipeline(latency: 1), options: options)
            } throws: { error in
                guard case .buildFailed(_, let head, let logPath) = error as? CoSimError else { return false }
                return head.contains("%Error") && head.contains("reg8.v") && FileManager.default.fileExists(atPath: logPath)
            }
            #expect(invocations(log).filter { $0.contains("--build") }.count == 1)
        }

        @Test func stimulusErrorsNameThePortAndValue() throws {
            let model = try SharedModels.multiplier.get()
            #expect(throws: CoSimError.portNotFound(name: "c", module: "mul8", known: ["clk", "ce", "rst", "a", "b", "p"])) {
                try model.run(vectors: [["a": 1, "b": 2, "c": 3]], expected: [["p": 2]])
            }
            #expect(throws: CoSimError.valueTooWide(port: "a", width: 8, signed: true, value: "128")) {
                try model.run(vectors: [["a": 128, "b": 2]], expected: [["p": 256]])
            }
            #expect(throws: CoSimError.valueTooWide(port: "p", width: 16, signed: true, value: "40000")) {
                try model.run(vectors: [["a": 1, "b": 2]], expected: [["p": 40_000]])
            }
            #expect(throws: CoSimError.valueTooWide(port: "p", width: 16, signed: true, value: "99999")) {
                try model.runExhaustive(enumerating: ["a"], fixed: ["b": 1]) { _, outputs in outputs[0] = 99_999 }
            }
            #expect(throws: CoSimError.invalidStimulus("vector 0 has no value for port b")) {
                try model.run(vectors: [["a": 1]], expected: [["p": 0]])
            }
            #expect(throws: CoSimError.self) {
                try model.run(vectors: [["a": 1, "b": 1]], expected: [["p": 1]], options: CoSimRunOptions(waveformPath: "/tmp/x.fst"))
            }
            let description = CoSimError.valueTooWide(port: "a", width: 8, signed: true, value: "128").description
            #expect(description == "value 128 does not fit signed 8-bit port a")
        }

        @Test func harnessCrashIsReportedWithItsOutput() throws {
            let design = DesignUnderTest(
                verilog: """
                    module stopper (
                        input wire clk,
                        input wire [7:0] d,
                        output reg [7:0] q
                    );
                        always @(posedge clk) begin
                            if (d == 8'd13) $stop;
                            q <= d;
                        end
                    endmodule

                    """,
                topModule: "stopper", ports: [.input("clk", width: 1), .input("d", width: 8), .output("q", width: 8)], clock: "clk")
            let model = try CoSimModel.build(design, protocol: .pipeline(latency: 1))
            let vectors: [[String: PortValue]] = (0 ..< 20).map { ["d": PortValue($0)] }
            let error = try #require(#expect(throws: CoSimError.self) {
                try model.run(vectors: vectors, expected: vectors.map { ["q": $0["d"] ?? 0] }, options: CoSimRunOptions(seed: 1))
            })
            guard case .harnessFailed(_, _, let tail) = error else {
                Issue.record("expected harnessFailed, got \(error)")
                return
            }
            // Verilator prints $stop on stdout; the harness routes that to stderr, away from the records.
            #expect(tail.contains("$stop"), "\(error)")
        }
    }
}
