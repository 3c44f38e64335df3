import CoSim
import Testing

extension CoSimulation {
    @Suite("AXI memory model: two ports, one shared image or one each")
    struct AXISharedMemoryTests {
        private let timing = AXITiming(
            readLatency: 2 ... 12, arreadyLowProbability: 0.3, awreadyLowProbability: 0.3, wreadyLowProbability: 0.3,
            readGapProbability: 0.2, writeResponseDelay: 1 ... 8)

        private func copy(_ vector: [String: PortValue], memories: [AXIMemory]) throws -> CoSimReport {
            let model = try AXIModels.copier.get()
            return try model.run(
                vectors: [vector], expected: [["done": 1]],
                options: CoSimRunOptions(seed: 8, stallProbability: 0.2, memories: memories, axiTiming: timing))
        }

        @Test func copyWithinOneSharedImage() throws {
            let base: UInt64 = 0x4_0000
            let image = randomImage(bytes: 8192, seed: 0x5AD)
            let vector: [String: PortValue] = [
                "cmd_src": PortValue(unsigned: base + 0x400), "cmd_dst": PortValue(unsigned: base + 0x1000), "cmd_beats": 48,
            ]
            let report = try copy(vector, memories: [AXIMemory(name: "hbm", baseAddress: base, bytes: image, ports: ["m_axi_src", "m_axi_dst"])])
            #expect(report.passed, "\(report)")
            var expected = image
            expected.replaceSubrange(0x1000 ..< 0x1000 + 48 * 64, with: image[0x400 ..< 0x400 + 48 * 64])
            #expect(report.memories["hbm"] == expected)
            #expect(report.axiStatistics("m_axi_src")?.readBeats == 48)
            #expect(report.axiStatistics("m_axi_dst")?.writeBeats == 48)
            #expect(report.axiStatistics("m_axi_dst")?.readBursts == 0)
        }

        @Test func copyBetweenSeparateImages() throws {
            let source = randomImage(bytes: 4096, seed: 1)
            let destination = [UInt8](repeating: 0xEE, count: 4096)
            let vector: [String: PortValue] = ["cmd_src": PortValue(unsigned: 0x100), "cmd_dst": PortValue(unsigned: 0x9000_0040), "cmd_beats": 16]
            let report = try copy(vector, memories: [
                AXIMemory(name: "weights", baseAddress: 0, bytes: source, ports: ["m_axi_src"]),
                AXIMemory(name: "results", baseAddress: 0x9000_0000, bytes: destination, ports: ["m_axi_dst"]),
            ])
            #expect(report.passed, "\(report)")
            // Only images behind a port that can write come back.
            #expect(report.memories["weights"] == nil)
            var expected = destination
            expected.replaceSubrange(0x40 ..< 0x40 + 16 * 64, with: source[0x100 ..< 0x100 + 16 * 64])
            #expect(report.memories["results"] == expected)
        }

        @Test func inconsistentMemoryOptionsAreRejected() throws {
            let model = try AXIModels.copier.get()
            let image = [UInt8](repeating: 0, count: 64)
            let cases: [([AXIMemory], [String: AXITiming], String)] = [
                ([AXIMemory(name: "a", bytes: image, ports: ["m_axi_nope"])], [:], "names AXI port m_axi_nope, which the design does not declare"),
                ([AXIMemory(name: "a", bytes: image, ports: ["m_axi_src"]), AXIMemory(name: "b", bytes: image, ports: ["m_axi_src"])], [:],
                 "AXI port m_axi_src is attached to two memory images"),
                ([AXIMemory(name: "a", bytes: image, ports: ["m_axi_src"]), AXIMemory(name: "a", bytes: image, ports: ["m_axi_dst"])], [:],
                 "memory image a is given twice"),
                ([], ["m_axi_src": AXITiming(readLatency: 0 ... 3)], "read latency starts at 1 cycle"),
                ([], ["m_axi_dst": AXITiming(readGapProbability: 1)], "read-gap probability 1.0 is not in [0, 1)"),
                ([], ["m_axi_x": AXITiming()], "AXI timing is given for m_axi_x"),
            ]
            for (memories, timings, message) in cases {
                #expect {
                    _ = try model.run(
                        vectors: [["cmd_src": 0, "cmd_dst": 0, "cmd_beats": 1]], expected: [["done": 1]],
                        options: CoSimRunOptions(memories: memories, axiTimingByPort: timings))
                } throws: { error in
                    (error as? CoSimError)?.description.contains(message) == true
                }
            }
        }
    }
}
