import CoSim
import Testing

extension CoSimulation {
    @Suite("AXI memory model: reads through a 512-bit master")
    struct AXIReadTests {
        static let base: UInt64 = 0x8000_0000
        static let image = randomImage(bytes: 64 * 1024, seed: 0xA11)

        private func run(
            _ command: ReaderCommand, timing: AXITiming, stall: Double = 0, seed: UInt64 = 1, attach: Bool = true
        ) throws -> CoSimReport {
            let model = try AXIModels.reader.get()
            let memory = AXIMemory(name: "hbm", baseAddress: Self.base, bytes: Self.image, ports: attach ? ["m_axi_w"] : [])
            return try model.run(
                vectors: [command.vector], expected: command.expected(image: Self.image, base: Self.base),
                options: CoSimRunOptions(seed: seed, stallProbability: stall, memories: attach ? [memory] : [], axiTiming: timing))
        }

        @Test func dataEqualsTheImageUnderRandomTimingStallsAndReordering() throws {
            let command = ReaderCommand(address: Self.base + 0x3000, beats: 256, burst: 8, outstanding: 6, idBits: 2, throttle: 2)
            let timing = AXITiming(
                readLatency: 3 ... 40, arreadyLowProbability: 0.3, readGapProbability: 0.2, reorderReads: true, maxOutstandingReads: 5)
            for seed: UInt64 in [1, 2, 3] {
                let report = try run(command, timing: timing, stall: 0.2, seed: seed)
                #expect(report.passed, "\(report)")
                let traffic = try #require(report.axiStatistics("m_axi_w"))
                #expect(traffic.readBursts == 32 && traffic.readBeats == 256, "\(traffic)")
                #expect(traffic.reorderedReadBursts > 0, "reordering on, but every burst came back in order: \(traffic)")
                #expect(traffic.readBackpressureCycles > 0, "the throttled master never held rready low: \(traffic)")
                #expect(traffic.outstandingReadsAtEnd == 0)
            }
        }

        @Test func withoutReorderingBurstsReturnInOrder() throws {
            let command = ReaderCommand(address: Self.base, beats: 128, burst: 4, outstanding: 8, idBits: 2, throttle: 1)
            let timing = AXITiming(readLatency: 1 ... 30, arreadyLowProbability: 0.2, readGapProbability: 0.1)
            let report = try run(command, timing: timing, stall: 0.1, seed: 9)
            #expect(report.passed, "\(report)")
            #expect(report.axiStatistics("m_axi_w")?.reorderedReadBursts == 0)
        }

        @Test func sameSeedReplaysTheSameRun() throws {
            let command = ReaderCommand(address: Self.base + 0x1000, beats: 64, burst: 8, outstanding: 4, throttle: 3)
            let timing = AXITiming(readLatency: 2 ... 20, arreadyLowProbability: 0.3, readGapProbability: 0.3, reorderReads: true)
            let first = try run(command, timing: timing, stall: 0.3, seed: 77)
            let second = try run(command, timing: timing, stall: 0.3, seed: 77)
            #expect(first.passed && second.passed, "\(first)\n\(second)")
            #expect(first.statistics.cycles == second.statistics.cycles)
            #expect(first.axiPorts == second.axiPorts)
        }

        /// Latency 8 is hidden behind 16-beat bursts with 16 in flight: after the first beat,
        /// one beat every cycle. The command enters on cycle 4 (after 4 reset cycles), the
        /// first AR handshake is on cycle 5, so its first beat is on cycle 5 + 8.
        @Test func hiddenLatencyGivesOneBeatPerCycle() throws {
            let command = ReaderCommand(address: Self.base, beats: 256, burst: 16, outstanding: 16, throttle: 0)
            let report = try run(command, timing: AXITiming(readLatency: 8 ... 8, maxOutstandingReads: 16))
            #expect(report.passed, "\(report)")
            let traffic = try #require(report.axiStatistics("m_axi_w"))
            #expect(traffic.firstReadBeatCycle == 13, "\(traffic)")
            #expect(traffic.lastReadBeatCycle == 13 + 255, "\(traffic)")
            #expect(traffic.readBeatsPerCycle == 1.0)
            #expect(traffic.readBackpressureCycles == 0)
        }

        /// One burst in flight exposes the latency: each 16-beat burst costs 16 beats plus the
        /// round trip (AR one cycle after the previous last beat, then 8 cycles of latency).
        @Test func exposedLatencyCostsItsCyclesPerBurst() throws {
            let command = ReaderCommand(address: Self.base, beats: 64, burst: 16, outstanding: 1, idBits: 0, throttle: 0)
            let report = try run(command, timing: AXITiming(readLatency: 8 ... 8))
            #expect(report.passed, "\(report)")
            let traffic = try #require(report.axiStatistics("m_axi_w"))
            // Bursts start every 16 + 1 + 8 - 1 = 24 cycles: the span is 3 * 24 + 16.
            #expect(traffic.firstReadBeatCycle == 13)
            #expect(traffic.lastReadBeatCycle.map { $0 - 13 + 1 } == 3 * 24 + 16, "\(traffic)")
        }

        /// A long run (the same 256 beats read 2000 times, 512 000 beats of 512 bits) keeps the
        /// memory model at one beat per cycle; its cycles/s is the harness speed with AXI traffic.
        @Test func longStreamKeepsOneBeatPerCycle() throws {
            let command = ReaderCommand(address: Self.base, beats: 256, burst: 16, outstanding: 16, throttle: 0, passes: 2_000)
            let report = try run(command, timing: AXITiming(readLatency: 20 ... 20, maxOutstandingReads: 16))
            #expect(report.passed, "\(report)")
            let traffic = try #require(report.axiStatistics("m_axi_w"))
            #expect(traffic.readBeats == 512_000 && traffic.readBursts == 32_000)
            // Each pass restarts after its last beat: 2000 round trips of about 20 cycles.
            let rate = try #require(traffic.readBeatsPerCycle)
            #expect(rate > 0.9 && rate < 1, "\(traffic)")
            print("AXI 512-bit read stream: \(report.statistics.cycles) cycles in \(report.statistics.wallSeconds) s, "
                + "\(Int(report.statistics.cyclesPerSecond)) cycles/s; \(traffic)")
        }

        @Test func backpressureHoldsTheMasterAtTheOutstandingLimit() throws {
            let command = ReaderCommand(address: Self.base, beats: 128, burst: 4, outstanding: 16, throttle: 0)
            let report = try run(command, timing: AXITiming(readLatency: 30 ... 30, maxOutstandingReads: 3))
            #expect(report.passed, "\(report)")
        }
    }
}
