import Accel
import CoSim
import Testing

extension CoSimulation {
    @Suite("AXI write engine: result streams into memory")
    struct AXIWriteEngineTests {
        static let bench = Result { try AXIWriteEngineBench(engine: AXIWriteEngine(name: "results", dataWidth: 512)) }
        static let narrowBench = Result {
            try AXIWriteEngineBench(engine: AXIWriteEngine(name: "results", dataWidth: 128, maxBurstBeats: 8, maxOutstanding: 3))
        }
        static let base: UInt64 = 0x8_0000_0000

        /// A slave that keeps the engine waiting everywhere, and fails the run if the engine
        /// ever has more bursts awaiting B than its own limit.
        static func busyTiming(_ engine: AXIWriteEngine) -> AXITiming {
            AXITiming(awreadyLowProbability: 0.3, wreadyLowProbability: 0.3, writeResponseDelay: 1 ... 40,
                      maxOutstandingWrites: engine.maxOutstanding, outstandingPolicy: .violation)
        }

        /// Runs `commands` through the bench over a random image and checks the records, the
        /// image byte for byte (written bytes and untouched ones) and the port's counts.
        @discardableResult
        private func check(_ bench: AXIWriteEngineBench, _ commands: [WriteCommand], imageBytes: Int,
                           options: CoSimRunOptions) throws -> CoSimReport {
            let beatBytes = bench.engine.bus.bytesPerBeat
            try #require(commands.allSatisfy { $0.address >= Self.base && Int($0.address - Self.base) + $0.beats * beatBytes <= imageBytes },
                         "a command writes outside the \(imageBytes)-byte image")
            let model = try CoSimModel.writeEngineBench(bench)
            let image = randomImage(bytes: imageBytes, seed: UInt64(commands.count * 131 + imageBytes))
            var run = options
            run.memories = [AXIMemory(name: "results", baseAddress: Self.base, bytes: image, ports: ["m_axi_o"])]
            let report = try model.run(vectors: commands.map(\.vector), expected: bench.expectedRecords(commands), options: run)
            #expect(report.passed, "\(report)")
            let written = try #require(report.memories["results"])
            let expected = bench.written(commands, over: image, base: Self.base)
            let wrong = zip(written, expected).enumerated().first { $0.element.0 != $0.element.1 }
            #expect(written.count == expected.count && wrong == nil,
                    "first wrong byte at offset \(wrong.map { String($0.offset, radix: 16) } ?? "-"): \(wrong.map { "\($0.element.0) instead of \($0.element.1)" } ?? "")")
            let traffic = try #require(report.axiStatistics("m_axi_o"))
            let bursts = commands.reduce(0) { $0 + bench.engine.bursts(address: $1.address, beats: $1.beats).count }
            #expect(traffic.writeBursts == UInt64(bursts) && traffic.writeResponses == UInt64(bursts), "\(traffic)")
            #expect(traffic.writeBeats == UInt64(commands.reduce(0) { $0 + $1.beats }), "\(traffic)")
            #expect(traffic.outstandingWritesAtEnd == 0)
            return report
        }

        /// One command from every beat offset of a 4 KB page, each in its own 16 KB region,
        /// of 0 to 100 beats (many crossing 4 KB), with any last-beat byte count, data gaps
        /// of up to 80 %, clock-enable stalls and a slave that stalls AW, W and B.
        @Test(arguments: [false, true])
        func everyStartOffsetAndShapeUnderBackpressure(narrow: Bool) throws {
            let bench = try (narrow ? Self.narrowBench : Self.bench).get()
            let beatBytes = bench.engine.bus.bytesPerBeat
            let pageBeats = 4096 / beatBytes
            var random = TestRandom(state: narrow ? 11 : 12)
            let lengths = [1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 47, 63, 64, 65, 100, 0]
            let offsets = narrow ? Array(stride(from: 0, to: pageBeats, by: 4)) + [pageBeats - 3, pageBeats - 2, pageBeats - 1]
                                 : Array(0 ..< pageBeats)
            let commands = offsets.enumerated().map { index, offset in
                WriteCommand(address: Self.base + UInt64(index * 16_384 + offset * beatBytes), beats: lengths[index % lengths.count],
                             lastBytes: Int(random.next() % UInt64(beatBytes)), seed: UInt32(truncatingIfNeeded: random.next()),
                             gap: Int(random.next() % 205))
            }
            try check(bench, commands, imageBytes: offsets.count * 16_384,
                      options: CoSimRunOptions(seed: narrow ? 21 : 22, stallProbability: 0.1, idleProbability: 0.3,
                                               axiTiming: Self.busyTiming(bench.engine)))
        }

        /// Commands of thousands of beats across many 4 KB pages, back to back into
        /// overlapping regions (each overwrites part of the one before).
        @Test func longCommandsAcrossManyPages() throws {
            let bench = try Self.bench.get()
            let commands = [
                WriteCommand(address: Self.base + 0x40, beats: 5_000, lastBytes: 36, seed: 1, gap: 40),
                WriteCommand(address: Self.base + 0x1_0fc0, beats: 4_096, seed: 2, gap: 0),
                WriteCommand(address: Self.base + 0x3_2000, beats: 1_000, lastBytes: 4, seed: 3, gap: 128),
                WriteCommand(address: Self.base + 0x3_1fc0, beats: 3, lastBytes: 60, seed: 4),
            ]
            try check(bench, commands, imageBytes: 0x6_0000,
                      options: CoSimRunOptions(seed: 23, stallProbability: 0.1, idleProbability: 0.3, axiTiming: Self.busyTiming(bench.engine)))
        }

        /// With data every cycle and a slave that never stalls, W moves one beat per cycle
        /// and `done` follows the last B response at once (its record's wait is 0).
        @Test func writesOneBeatPerCycleWithoutGaps() throws {
            let bench = try Self.bench.get()
            let command = WriteCommand(address: Self.base + 0x800, beats: 4_096, seed: 9)
            let report = try check(bench, [command], imageBytes: 0x4_1000,
                                   options: CoSimRunOptions(seed: 24, axiTiming: AXITiming(writeResponseDelay: 20 ... 20)))
            let traffic = try #require(report.axiStatistics("m_axi_o"))
            let rate = try #require(traffic.writeBeatsPerCycle)
            print("AXIWriteEngine 4096 beats: \(rate) W beats/cycle, \(report.statistics.cycles) cycles")
            #expect(rate == 1.0, "\(traffic)")
        }

        /// The engine keeps up to its limit of bursts awaiting B, and never more: a slave
        /// enforcing the limit sees no violation; one allowing one fewer catches the engine
        /// using all of its budget.
        @Test func honoursItsOutstandingLimit() throws {
            let bench = try Self.bench.get()
            let model = try CoSimModel.writeEngineBench(bench)
            let commands = [WriteCommand(address: Self.base, beats: 1_024, seed: 5)]
            func run(limit: Int) throws -> CoSimReport {
                let memory = AXIMemory(name: "results", baseAddress: Self.base, bytes: randomImage(bytes: 0x1_0000, seed: 6), ports: ["m_axi_o"])
                return try model.run(vectors: commands.map(\.vector), expected: bench.expectedRecords(commands), options: CoSimRunOptions(
                    seed: 25, memories: [memory],
                    axiTiming: AXITiming(writeResponseDelay: 60 ... 100, maxOutstandingWrites: limit, outstandingPolicy: .violation)))
            }
            let atLimit = try run(limit: bench.engine.maxOutstanding)
            #expect(atLimit.passed, "\(atLimit)")
            let belowLimit = try run(limit: bench.engine.maxOutstanding - 1)
            #expect(belowLimit.axiViolation?.rule == .tooManyOutstanding, "\(belowLimit)")
        }
    }
}
