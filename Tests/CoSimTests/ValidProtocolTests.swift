import CoSim
import Foundation
import Testing

extension CoSimulation {
    @Suite("Valid protocol on an accumulator that sums four inputs")
    struct ValidProtocolTests {
        /// Random inputs and the sums of each group of four.
        private func stimulus(groups: Int, seed: UInt64) -> (vectors: [[String: PortValue]], sums: [[String: PortValue]]) {
            var random = TestRandom(state: seed)
            var vectors: [[String: PortValue]] = []
            var sums: [[String: PortValue]] = []
            for _ in 0 ..< groups {
                var total = 0
                for _ in 0 ..< 4 {
                    let x = random.signed(bits: 8)
                    total += x
                    vectors.append(["x": PortValue(x)])
                }
                sums.append(["sum": PortValue(total)])
            }
            return (vectors, sums)
        }

        @Test func idleCyclesAndStallsKeepEverySum() throws {
            let model = try SharedModels.accumulator.get()
            let (vectors, sums) = stimulus(groups: 2_000, seed: 11)
            let report = try model.run(
                vectors: vectors, expected: sums, options: CoSimRunOptions(seed: 5, stallProbability: 0.25, idleProbability: 0.3))
            #expect(report.passed, "\(report)")
            #expect(report.actualOutputCount == 2_000)
            #expect(report.statistics.vectors == 8_000)
            // Idles and stalls stretch 8000 inputs to about 8000 / (0.75 * 0.7) = 15200 cycles.
            #expect(report.statistics.cycles > 13_000 && report.statistics.cycles < 18_000, "\(report.statistics.cycles) cycles")
        }

        @Test func wrongSumNamesTheLastInputOfItsGroup() throws {
            let model = try SharedModels.accumulator.get()
            let generated = stimulus(groups: 50, seed: 12)
            let vectors = generated.vectors
            var sums = generated.sums
            let truth = try #require(sums[17]["sum"])
            sums[17] = ["sum": PortValue((truth.int64Value ?? 0) + 1)]
            let report = try model.run(vectors: vectors, expected: sums, options: CoSimRunOptions(stallProbability: 0.2, idleProbability: 0.2))
            #expect(report.mismatchCount == 1)
            let mismatch = try #require(report.firstMismatch)
            #expect(mismatch.outputIndex == 17)
            #expect(mismatch.vectorIndex == 17 * 4 + 3)
            #expect(mismatch.actual == truth)
            #expect(mismatch.inputs.first?.value == vectors[17 * 4 + 3]["x"])
        }

        @Test func outputCountDifferencesFailTheRun() throws {
            let model = try SharedModels.accumulator.get()
            let (vectors, sums) = stimulus(groups: 10, seed: 13)
            let surplus = try model.run(vectors: vectors, expected: Array(sums.dropLast()), options: CoSimRunOptions(seed: 1))
            #expect(!surplus.passed)
            #expect(surplus.mismatchCount == 0)
            #expect(surplus.actualOutputCount == 10 && surplus.expectedOutputCount == 9)
            #expect(surplus.description.contains("surplus outputs"))
            // Three inputs short of the last group: the tenth sum never comes.
            let missing = try model.run(
                vectors: Array(vectors.dropLast(3)), expected: sums, options: CoSimRunOptions(seed: 1, drainCycles: 50))
            #expect(!missing.passed)
            #expect(missing.actualOutputCount == 9)
            #expect(missing.description.contains("missing outputs"))
        }

        @Test func waveformIsWrittenWhenAsked() throws {
            let model = try SharedModels.accumulator.get()
            let (vectors, sums) = stimulus(groups: 20, seed: 14)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cosim-fst-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("acc4.fst").path
            let report = try model.run(
                vectors: vectors, expected: sums, options: CoSimRunOptions(seed: 2, stallProbability: 0.2, waveformPath: path))
            #expect(report.passed, "\(report)")
            #expect(report.waveformPath == path)
            let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(size > 200, "FST file of \(size) bytes")
            #expect(report.description.contains("waveform: \(path)"))
        }
    }
}
