import Accel
import CoSim
import Testing

/// Where the multiplexer tests' image starts.
private let muxBase: UInt64 = 0x1_0000_0000

extension CoSimulation {
    @Suite("AXI read multiplexer: read engines sharing one port")
    struct AXIReadMuxTests {
        static let benches = [2, 3].map { sources in Result { try AXIReadMuxBench(sources: sources) } }
        static let base = muxBase
        /// Each source reads its own 128 KB region.
        static let regionBytes = 0x2_0000

        private func run(_ streams: [MuxStream], timing: AXITiming, stall: Double, seed: UInt64) throws -> (CoSimReport, AXIPortStatistics) {
            let bench = try Self.benches[streams.count - 2].get()
            let model = try CoSimModel.readMuxBench(bench)
            let image = randomImage(bytes: streams.count * Self.regionBytes, seed: seed)
            try #require(streams.allSatisfy { Int($0.address - Self.base) + $0.beats * 64 <= image.count })
            let report = try model.run(
                vectors: [bench.vector(streams)], expected: bench.expected(streams, image: image, base: Self.base),
                options: CoSimRunOptions(seed: seed, stallProbability: stall, memories: [
                    AXIMemory(name: "hbm", baseAddress: Self.base, bytes: image, ports: [bench.port.prefix]),
                ], axiTiming: timing))
            #expect(report.passed, "\(report)")
            let traffic = try #require(report.axiStatistics(bench.port.prefix))
            #expect(traffic.readBeats == UInt64(streams.reduce(0) { $0 + $1.beats }), "\(traffic)")
            // The sources keep rready high (credits), so R never waits on the multiplexer.
            #expect(traffic.readBackpressureCycles == 0, "\(traffic)")
            return (report, traffic)
        }

        /// Reordering across IDs, random latencies, AR and R gaps and clock-enable stalls;
        /// the slave fails the run if the port ever has more bursts in flight than the
        /// sources' limits together.
        static func busyTiming(sources: Int) -> AXITiming {
            AXITiming(readLatency: 5 ... 80, arreadyLowProbability: 0.2, readGapProbability: 0.1, reorderReads: true,
                      maxOutstandingReads: 8 * sources, outstandingPolicy: .violation)
        }

        /// The weight-group, group-parameter and row-scale streams of a matrix engine
        /// (4 : 1 : 1 beats per turn), and two-source variants, starting at odd beat
        /// offsets so that bursts split at 4 KB.
        @Test(arguments: [
            [MuxStream(address: muxBase + 0x40, beats: 1_000, share: 4), MuxStream(address: muxBase + 0x2_0fc0, beats: 250)],
            [MuxStream(address: muxBase + 0xfc0, beats: 3), MuxStream(address: muxBase + 0x2_0000, beats: 700, share: 16)],
            [MuxStream(address: muxBase, beats: 1_024, share: 4), MuxStream(address: muxBase + 0x2_0040, beats: 256),
             MuxStream(address: muxBase + 0x4_0f80, beats: 256)],
            [MuxStream(address: muxBase + 0x1_fc0, beats: 17, share: 2), MuxStream(address: muxBase + 0x2_7fc0, beats: 900, share: 3),
             MuxStream(address: muxBase + 0x4_0000, beats: 1)],
        ])
        func everyStreamGetsItsDataInOrder(streams: [MuxStream]) throws {
            let seed = UInt64(streams.reduce(0) { $0 * 31 + $1.beats })
            let (_, traffic) = try run(streams, timing: Self.busyTiming(sources: streams.count), stall: 0.1, seed: seed)
            if streams.allSatisfy({ $0.beats > 16 }) {
                #expect(traffic.reorderedReadBursts > 0, "\(traffic)")
            }
        }

        /// With a memory that never stalls, the sources together asking for one beat per
        /// cycle keep the shared port close to one beat per cycle.
        @Test(arguments: [2, 3])
        func sharedPortRunsNearOneBeatPerCycle(sources: Int) throws {
            let streams = (0..<sources).map { i in
                MuxStream(address: Self.base + UInt64(i * Self.regionBytes), beats: i == 0 ? 1_600 : 400, share: i == 0 ? 4 : 1)
            }
            let timing = AXITiming(readLatency: 20 ... 60, reorderReads: true, maxOutstandingReads: 8 * sources, outstandingPolicy: .violation)
            let (report, traffic) = try run(streams, timing: timing, stall: 0, seed: 7)
            let rate = try #require(traffic.readBeatsPerCycle)
            print("AXIReadMux \(sources) sources: \(traffic.readBeats) beats at \(rate) beats/cycle, \(report.statistics.cycles) cycles")
            #expect(rate > 0.95, "\(traffic)")
        }
    }
}
