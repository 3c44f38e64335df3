import CoSim
import Foundation
import Testing

extension CoSimulation {
    @Suite("Pipeline protocol on a signed multiplier with clock enable")
    struct PipelineProtocolTests {
        @Test func randomVectorsWithStallsPass() throws {
            let model = try SharedModels.multiplier.get()
            var random = TestRandom(state: 7)
            var vectors: [[String: PortValue]] = []
            var expected: [[String: PortValue]] = []
            for _ in 0 ..< 20_000 {
                let a = random.signed(bits: 8), b = random.signed(bits: 8)
                vectors.append(["a": PortValue(a), "b": PortValue(b)])
                expected.append(["p": PortValue(a * b)])
            }
            let report = try model.run(vectors: vectors, expected: expected, options: CoSimRunOptions(seed: 42, stallProbability: 0.3))
            #expect(report.passed, "\(report)")
            #expect(report.seed == 42)
            #expect(report.actualOutputCount == 20_000)
            #expect(report.statistics.vectors == 20_000)
            // With 30 % stalls roughly 20000 / 0.7 enabled-or-not cycles run, plus reset and flush.
            #expect(report.statistics.cycles > 25_000 && report.statistics.cycles < 32_000, "\(report.statistics.cycles) cycles")
        }

        @Test func exhaustiveEightByEightPasses() throws {
            let model = try SharedModels.multiplier.get()
            let report = try model.runExhaustive(enumerating: ["a", "b"], options: CoSimRunOptions(seed: 3, stallProbability: 0.1)) {
                inputs, outputs in
                outputs[0] = inputs[0] * inputs[1]
            }
            #expect(report.passed, "\(report)")
            #expect(report.actualOutputCount == 1 << 16)
        }

        @Test func wrongExpectationIsReportedWithVectorInputsAndValues() throws {
            let model = try SharedModels.multiplier.get()
            let pairs = [(3, 4), (-5, 6), (127, -128), (-1, -1), (10, 10)]
            let vectors = pairs.map { ["a": PortValue($0.0), "b": PortValue($0.1)] }
            var expected = pairs.map { ["p": PortValue($0.0 * $0.1)] }
            expected[2] = ["p": PortValue(-16_255)]  // the true product is -16256
            expected[4] = ["p": PortValue(99)]
            let report = try model.run(vectors: vectors, expected: expected, options: CoSimRunOptions(seed: 1, stallProbability: 0.5))
            #expect(!report.passed)
            #expect(report.mismatchCount == 2)
            let first = try #require(report.firstMismatch)
            #expect(first.vectorIndex == 2)
            #expect(first.outputIndex == 2)
            #expect(first.port == "p")
            #expect(first.expected == PortValue(-16_255))
            #expect(first.actual == PortValue(-16_256))
            #expect(first.inputs.map(\.port) == ["a", "b"])
            #expect(first.inputs.map(\.value) == [PortValue(127), PortValue(-128)])
            // Cycles 0...3 are reset; vector 2's output follows the 4th enabled edge after
            // them, at cycle 7 at the earliest (later when stalls intervene).
            #expect(first.cycle >= 7)
            let text = report.description
            #expect(text.contains("FAIL"))
            #expect(text.contains("expected -16255 (0xc081)"))
            #expect(text.contains("actual -16256 (0xc080)"))
            #expect(text.contains("a=127 (0x7f) b=-128 (0x80)"))
            #expect(text.contains("seed 1"))
        }

        @Test func buggyFixtureIsCaughtExhaustivelyAtTheExactVector() throws {
            let model = try SharedModels.buggyMultiplier.get()
            let report = try model.runExhaustive(enumerating: ["a", "b"], options: CoSimRunOptions(stallProbability: 0.2)) {
                inputs, outputs in
                outputs[0] = inputs[0] * inputs[1]
            }
            #expect(report.mismatchCount == 1)
            let mismatch = try #require(report.firstMismatch)
            // a occupies counter bits 0...7 and b bits 8...15: a = 37, b = -5 is 37 + 251 * 256.
            #expect(mismatch.vectorIndex == 37 + 251 * 256)
            #expect(mismatch.inputs.map(\.value) == [PortValue(37), PortValue(-5)])
            #expect(mismatch.expected == PortValue(-185))
            #expect(mismatch.actual == PortValue(-185 ^ 4))
        }

        @Test func exhaustiveTwoToTheTwentyFourMultiplyAdd() throws {
            let model = try CoSimModel.build(Fixtures.multiplyAdd, protocol: .pipeline(latency: 1))
            let report = try model.runExhaustive(enumerating: ["a", "b", "c"], options: CoSimRunOptions(seed: 9)) { inputs, outputs in
                outputs[0] = inputs[0] * inputs[1] + inputs[2]
            }
            #expect(report.passed, "\(report)")
            #expect(report.actualOutputCount == 1 << 24)
            print("2^24 exhaustive multiply-add: \(report.statistics.wallSeconds) s wall, "
                + "\(Int(report.statistics.cyclesPerSecond)) cycles/s, build \(report.statistics.verilatorBuildSeconds) s"
                + (report.statistics.buildCacheHit ? " (cached)" : ""))
        }
    }
}
