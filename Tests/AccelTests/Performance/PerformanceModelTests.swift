import Accel
import Testing

@Suite struct PerformanceModelTests {
    static let model = Result { try PerformanceModel(configuration: .standard(for: .u280)) }

    /// Four commands per block (q+k+v, o, w1+w3, w2) and the classifier, covering every
    /// matrix's rows once.
    @Test func aTokenRunsFourCommandsPerBlock() {
        let shape = ModelShape.llama2_7B
        #expect(shape.commandsPerToken.count == 4 * shape.layers + 1)
        #expect(shape.blockCommands.map(\.name) == ["wq+wk+wv", "wo", "w1+w3", "w2"])
        #expect(shape.blockCommands.map(\.rows) == [3 * 4_096, 4_096, 2 * 11_008, 4_096])
        #expect(shape.blockCommands.map(\.rows).reduce(0, +) == shape.blockLinears.map(\.rows).reduce(0, +))
    }

    /// Stacking saves the fixed latency of the commands it merges and streams the same
    /// beats; no prediction passes the format's bound.
    @Test func stackingSavesFixedLatencyOnly() throws {
        let model = try Self.model.get()
        let shape = ModelShape.llama2_7B
        let separate = shape.blockLinears.map { model.cycles($0, hbmEfficiency: 0.9) }.reduce(0, +)
        let stacked = shape.blockCommands.map { model.cycles($0, hbmEfficiency: 0.9) }.reduce(0, +)
        #expect(stacked < separate && stacked > 0.97 * separate)
        let beats = (shape.blockLinears.map(model.channelBeats).reduce(0, +), shape.blockCommands.map(model.channelBeats).reduce(0, +))
        #expect(abs(beats.0 - beats.1) <= 8, "row-scale beats round up per command")
        for context in [128, 2_048, 32_768] {
            let prediction = model.decode(shape, context: context, sinks: 4, window: 1_020, hbmEfficiency: 0.9)
            #expect(prediction.tokensPerSecond < prediction.bandwidthBoundTokensPerSecond)
            #expect(prediction.tokensPerSecond > 0.95 * prediction.bandwidthBoundTokensPerSecond)
        }
    }

    /// The slowest-port term: E[max of n standard normals] against its closed form for 2
    /// (1/√π) and tabulated values for 4 and 32; nothing on one port or at efficiency 1.
    @Test func slowestPortTerm() {
        #expect(abs(PerformanceModel.expectedMaximumOfStandardNormals(1)) < 1e-9)
        #expect(abs(PerformanceModel.expectedMaximumOfStandardNormals(2) - 1 / Double.pi.squareRoot()) < 1e-6)
        #expect(abs(PerformanceModel.expectedMaximumOfStandardNormals(4) - 1.029375) < 1e-5)
        #expect(abs(PerformanceModel.expectedMaximumOfStandardNormals(32) - 2.069669) < 1e-5)
        #expect(PerformanceModel.barrierCycles(beats: 1_028, hbmEfficiency: 0.9, ports: 1) == 0)
        #expect(PerformanceModel.barrierCycles(beats: 1_028, hbmEfficiency: 1, ports: 32) == 0)
        // 4 ports × 1,028 beats at 0.9: 1.029 · √102.8 / 0.9.
        #expect(abs(PerformanceModel.barrierCycles(beats: 1_028, hbmEfficiency: 0.9, ports: 4) - 11.597) < 0.01)
    }
}
