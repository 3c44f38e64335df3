import CoSim
import Testing

extension CoSimulation {
    @Suite("AXI memory model: writes through a 256-bit master")
    struct AXIWriteTests {
        static let base: UInt64 = 0x2000_0000
        static let image = randomImage(bytes: 8 * 1024, seed: 0xC0DE)

        private func run(_ command: WriterCommand, timing: AXITiming, stall: Double, seed: UInt64) throws -> CoSimReport {
            let model = try AXIModels.writer.get()
            let memory = AXIMemory(name: "results", baseAddress: Self.base, bytes: Self.image, ports: ["m_axi_o"])
            return try model.run(
                vectors: [command.vector], expected: command.expectedOutputs,
                options: CoSimRunOptions(seed: seed, stallProbability: stall, memories: [memory], axiTiming: timing))
        }

        private let busyTiming = AXITiming(
            awreadyLowProbability: 0.3, wreadyLowProbability: 0.3, writeResponseDelay: 1 ... 20, maxOutstandingWrites: 3)

        @Test(arguments: [AXIFixtures.WriterMode.addressFirst, .dataFirst])
        func writtenMemoryEqualsWhatWasWritten(mode: AXIFixtures.WriterMode) throws {
            let command = WriterCommand(address: Self.base + 0x1000, beats: 96, burst: 8, seed: 0xDEAD_BEEF, mode: mode)
            let report = try run(command, timing: busyTiming, stall: 0.2, seed: 4)
            #expect(report.passed, "\(report)")
            let written = try #require(report.memories["results"])
            #expect(written == command.written(over: Self.image, base: Self.base))
            #expect(written != Self.image)
            let traffic = try #require(report.axiStatistics("m_axi_o"))
            #expect(traffic.writeBursts == 12 && traffic.writeBeats == 96 && traffic.writeResponses == 12, "\(traffic)")
            #expect(traffic.outstandingWritesAtEnd == 0)
        }

        @Test func fullStrobesOverwriteWholeBeats() throws {
            let command = WriterCommand(address: Self.base, beats: 32, burst: 16, seed: 7, strobes: false, throttle: false)
            let report = try run(command, timing: AXITiming(), stall: 0, seed: 5)
            #expect(report.passed, "\(report)")
            let written = try #require(report.memories["results"])
            #expect(written == command.written(over: Self.image, base: Self.base))
            // Nothing is held back: one W beat per cycle once the first AW is in.
            #expect(report.axiStatistics("m_axi_o")?.writeBeatsPerCycle == 1.0)
        }

        @Test func earlyWlastIsReported() throws {
            let command = WriterCommand(address: Self.base, beats: 16, burst: 4, mode: .earlyLast)
            let report = try run(command, timing: AXITiming(), stall: 0, seed: 6)
            let violation = try #require(report.axiViolation, "\(report)")
            #expect(violation.rule == .wrongWriteLast)
            #expect(violation.port == "m_axi_o")
            #expect(violation.message.contains("beat 2 has wlast high"), "\(violation)")
        }
    
        @Test func dataChangingWhileWaitingForWready() throws {
            let command = WriterCommand(address: Self.base, beats: 32, burst: 8, mode: .unstableData)
            let report = try run(command, timing: AXITiming(wreadyLowProbability: 0.5), stall: 0, seed: 7)
            let violation = try #require(report.axiViolation, "\(report)")
            #expect(violation.rule == .unstableWhileWaiting)
            #expect(violation.message.contains("wdata"), "\(violation)")
        }
}
}
