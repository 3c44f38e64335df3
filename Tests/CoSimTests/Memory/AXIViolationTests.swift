import CoSim
import Testing

extension CoSimulation {
    @Suite("AXI memory model: protocol violations stop the run and name the rule")
    struct AXIViolationTests {
        static let base: UInt64 = 0x10_0000
        static let image = randomImage(bytes: 16 * 1024, seed: 0xB0B)

        private func violation(
            _ command: ReaderCommand, timing: AXITiming = AXITiming(), attach: Bool = true
        ) throws -> (AXIViolation?, CoSimReport) {
            let model = try AXIModels.reader.get()
            let memories = attach ? [AXIMemory(name: "hbm", baseAddress: Self.base, bytes: Self.image, ports: ["m_axi_w"])] : []
            let expected = (0 ..< command.beats).map { _ in ["out_index": PortValue(0), "out_error": 0, "out_data": 0] as [String: PortValue] }
            let report = try model.run(
                vectors: [command.vector], expected: expected,
                options: CoSimRunOptions(seed: 3, drainCycles: 2_000, memories: memories, axiTiming: timing))
            #expect(!report.passed)
            return (report.axiViolation, report)
        }

        @Test func addressChangingWhileWaitingForArready() throws {
            let (found, report) = try violation(
                ReaderCommand(address: Self.base, beats: 32, burst: 4, bug: .unstableAddress), timing: AXITiming(arreadyLowProbability: 0.6))
            let violation = try #require(found, "\(report)")
            #expect(violation.rule == .unstableWhileWaiting)
            #expect(violation.port == "m_axi_w")
            #expect(violation.message.contains("addr"), "\(violation)")
            #expect(report.description.contains("AXI violation on m_axi_w at cycle \(violation.cycle), rule unstableWhileWaiting"))
        }

        /// 0xc00 + 32 beats * 64 bytes ends 1 KB past the 4 KB boundary; the first AR (cycle 5) is the culprit.
        @Test func burstCrossingFourKilobytes() throws {
            let (found, report) = try violation(ReaderCommand(address: Self.base + 0xc00, beats: 64, burst: 32))
            let violation = try #require(found, "\(report)")
            #expect(violation.rule == .crosses4KBoundary)
            #expect(violation.cycle == 5)
            #expect(violation.message.contains("0x101000"), "\(violation)")
        }

        @Test func sizeOtherThanTheDataWidth() throws {
            let (found, report) = try violation(ReaderCommand(address: Self.base, beats: 8, burst: 4, bug: .narrowSize))
            #expect(found?.rule == .sizeNotDataWidth, "\(report)")
        }

        @Test func burstTypeOtherThanIncrement() throws {
            let (found, report) = try violation(ReaderCommand(address: Self.base, beats: 8, burst: 4, bug: .fixedBurst))
            #expect(found?.rule == .burstNotIncrement, "\(report)")
        }

        @Test func addressesOutsideTheImage() throws {
            // The image ends at base + 16 KB; the fourth 1 KB burst of this read would pass it.
            let (found, report) = try violation(ReaderCommand(address: Self.base + 0x3400, beats: 64, burst: 16))
            let violation = try #require(found, "\(report)")
            #expect(violation.rule == .outsideImage)
            #expect(violation.message.contains("addr 0x104000"), "\(violation)")
            let (unattached, second) = try self.violation(ReaderCommand(address: Self.base, beats: 8, burst: 4), attach: false)
            #expect(unattached?.rule == .outsideImage, "\(second)")
            #expect(unattached?.message.contains("no memory image") == true)
        }

        @Test func unalignedStartAddress() throws {
            let (found, report) = try violation(ReaderCommand(address: Self.base + 0x20, beats: 8, burst: 4))
            #expect(found?.rule == .unalignedAddress, "\(report)")
        }

        @Test func moreOutstandingThanAllowed() throws {
            let command = ReaderCommand(address: Self.base, beats: 64, burst: 4, outstanding: 8)
            let (found, report) = try violation(
                command, timing: AXITiming(readLatency: 40 ... 40, maxOutstandingReads: 4, outstandingPolicy: .violation))
            let violation = try #require(found, "\(report)")
            #expect(violation.rule == .tooManyOutstanding)
            #expect(violation.message.contains("limit is 4"), "\(violation)")
        }
    
        @Test func writeOnAReadOnlyPort() throws {
            let model = try AXIModels.misdeclaredCopier.get()
            let memory = AXIMemory(name: "hbm", bytes: randomImage(bytes: 4096, seed: 2), ports: ["m_axi_src", "m_axi_dst"])
            let report = try model.run(
                vectors: [["cmd_src": 0, "cmd_dst": 0x800, "cmd_beats": 4]], expected: [["done": 1]],
                options: CoSimRunOptions(seed: 1, drainCycles: 500, memories: [memory]))
            let violation = try #require(report.axiViolation, "\(report)")
            #expect(violation.rule == .wrongDirection)
            #expect(violation.port == "m_axi_dst")
            // Nothing can write through a read-only port, so the image does not come back.
            #expect(report.memories.isEmpty)
        }
}
}
