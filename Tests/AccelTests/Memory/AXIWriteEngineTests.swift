import Accel
import HDL
import Testing

@Suite struct AXIWriteEngineTests {
    @Test func portsFollowTheVitisNamingConvention() throws {
        let module = try AXIWriteEngine(name: "results", dataWidth: 512).module()
        let names = module.ports.map(\.name)
        for signal in ["awvalid", "awready", "awaddr", "awlen", "awsize", "awburst", "wvalid", "wready", "wdata", "wstrb",
                       "wlast", "bvalid", "bready", "bresp"] {
            #expect(names.contains("m_axi_results_\(signal)"), "missing m_axi_results_\(signal)")
        }
        #expect(module.port(named: "m_axi_results_awaddr")?.type.width == 64)
        #expect(module.port(named: "m_axi_results_wdata")?.type.width == 512)
        #expect(module.port(named: "m_axi_results_wstrb")?.type.width == 64)
        #expect(module.port(named: "in_data")?.type.width == 512)
        #expect(module.port(named: "cmd_last_bytes")?.type.width == 6)
        for port in ["cmd_valid", "cmd_ready", "cmd_address", "cmd_beats", "in_valid", "in_ready", "done"] {
            #expect(names.contains(port), "missing \(port)")
        }
        #expect(!names.contains { $0.contains("lock") || $0.hasSuffix("_awid") || $0.hasPrefix("m_axi_results_ar") })
    }

    @Test(arguments: [
        (512, 128, 8, "burst length 128 must be 1...64"),
        (32, 0, 8, "burst length 0 must be 1...256"),
        (500, 16, 8, "power of two from 32 to 1024"),
        (256, 16, 0, "outstanding bursts 0"),
        (256, 16, 65, "outstanding bursts 65"),
    ])
    func impossibleEnginesAreRejected(width: Int, burst: Int, outstanding: Int, message: String) {
        do {
            _ = try AXIWriteEngine(name: "o", dataWidth: width, maxBurstBeats: burst, maxOutstanding: outstanding)
            Issue.record("expected an error")
        } catch let error as AccelConfigurationError {
            #expect(error.description.contains(message), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: [(1, 2), (3, 8), (8, 16), (16, 32), (64, 128)])
    func bufferHoldsTwoBursts(burst: Int, depth: Int) throws {
        #expect(try AXIWriteEngine(name: "o", dataWidth: 64, maxBurstBeats: burst).fifoDepth == depth)
    }

    /// The burst plan of every start beat of a 4 KB page and lengths up to 300 beats: the
    /// bursts tile the command in order, none crosses 4 KB or exceeds the limit, and a
    /// burst shorter than the limit is the command's last or ends on a 4 KB boundary.
    @Test(arguments: [(512, 16), (128, 16), (512, 5), (32, 16)])
    func burstsTileTheCommandWithoutCrossingFourKilobytes(width: Int, burst: Int) throws {
        let engine = try AXIWriteEngine(name: "o", dataWidth: width, maxBurstBeats: burst)
        let bytes = UInt64(width / 8)
        let pageBeats = 4096 / Int(bytes)
        let base: UInt64 = 0x1_2345_0000
        for startBeat in stride(from: 0, to: pageBeats, by: max(1, pageBeats / 64)) {
            for beats in [0, 1, 2, 15, 16, 17, 33, 64, 65, 127, 300] {
                let address = base + UInt64(startBeat) * bytes
                let bursts = engine.bursts(address: address, beats: beats)
                #expect(bursts.reduce(0) { $0 + $1.beats } == beats)
                var next = address
                for (index, piece) in bursts.enumerated() {
                    #expect(piece.address == next && (1...burst).contains(piece.beats), "\(piece)")
                    let end = piece.address + UInt64(piece.beats) * bytes
                    #expect((piece.address / 4096) == ((end - 1) / 4096), "\(piece) crosses 4 KB")
                    if piece.beats < burst && index < bursts.count - 1 { #expect(end % 4096 == 0, "\(piece) stops short") }
                    next = end
                }
            }
        }
    }

    @Test(arguments: [32, 64, 256, 512, 1024])
    func everyDataWidthElaborates(width: Int) throws {
        for (burst, outstanding) in [(1, 1), (16, 8), (4, 3)] {
            let module = try AXIWriteEngine(name: "o", dataWidth: width, maxBurstBeats: burst, maxOutstanding: outstanding).module()
            #expect(module.port(named: "m_axi_o_wstrb")?.type.width == width / 8)
        }
    }

    /// A parent places the engine under another port name with `forwardAXI4WriteMaster`.
    @Test func forwardedPortTakesTheParentsName() throws {
        let engine = try AXIWriteEngine(name: "hbm", dataWidth: 256)
        let child = try engine.module()
        let parent = try Module("ResultWriter") { m in
            let inputs = ["clk", "ce", "rst_n", "cmd_valid", "in_valid"].map { ($0, m.input($0)) }
            let instance = m.instance(child, name: "writer", inputs: Dictionary(uniqueKeysWithValues: inputs + [
                ("cmd_address", m.input("cmd_address", .unsigned(64))), ("cmd_beats", m.input("cmd_beats", .unsigned(32))),
                ("cmd_last_bytes", m.input("cmd_last_bytes", .unsigned(engine.lastBytesWidth))),
                ("in_data", m.input("in_data", .unsigned(256))),
            ]))
            m.forwardAXI4WriteMaster("rows", engine.bus, from: instance, childPort: "hbm")
            for port in ["cmd_ready", "in_ready", "done"] { m.output(port, instance[port]) }
        }
        let names = parent.ports.map(\.name)
        #expect(child.ports.filter { $0.name.hasPrefix("m_axi_hbm_") }.allSatisfy { port in
            parent.port(named: port.name.replacingOccurrences(of: "m_axi_hbm_", with: "m_axi_rows_")).map {
                $0.direction == port.direction && $0.type == port.type
            } ?? false
        })
        #expect(names.filter { $0.hasPrefix("m_axi_rows_") }.count == 14)
        #expect(!names.contains { $0.hasPrefix("m_axi_hbm_") })
    }
}
