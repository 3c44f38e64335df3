import Accel
import HDL
import Testing

@Suite struct AXIReadMuxTests {
    @Test(arguments: [(2, 1), (3, 2), (4, 2)])
    func eachSourceGetsItsOwnID(sources: Int, idWidth: Int) throws {
        let multiplexer = try AXIReadMux(name: "hbm", sources: sources, dataWidth: 512)
        #expect(multiplexer.bus.idWidth == idWidth)
        let module = try multiplexer.module()
        #expect(module.port(named: "m_axi_hbm_arid")?.type.width == idWidth)
        #expect(module.port(named: "m_axi_hbm_rid")?.type.width == idWidth)
        #expect(module.port(named: "m_axi_hbm_rdata")?.type.width == 512)
        for slot in 0..<sources {
            for signal in ["arvalid", "araddr", "arlen", "arsize", "arburst", "rready"] {
                #expect(module.port(named: "s\(slot)_\(signal)")?.direction == .input, "s\(slot)_\(signal)")
            }
            for signal in ["arready", "rvalid", "rdata", "rresp", "rlast"] {
                #expect(module.port(named: "s\(slot)_\(signal)")?.direction == .output, "s\(slot)_\(signal)")
            }
        }
        #expect(module.port(named: "s\(sources)_arvalid") == nil)
        #expect(module.port(named: "s0_arid") == nil && module.port(named: "s0_rid") == nil)
    }

    @Test(arguments: [
        (1, 512, "2...4 sources, got 1"),
        (5, 512, "2...4 sources, got 5"),
        (2, 48, "power of two from 32 to 1024"),
    ])
    func impossibleMultiplexersAreRejected(sources: Int, width: Int, message: String) {
        do {
            _ = try AXIReadMux(name: "hbm", sources: sources, dataWidth: width)
            Issue.record("expected an error")
        } catch let error as AccelConfigurationError {
            #expect(error.description.contains(message), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    /// Three read engines behind one multiplexer: `connect` wires every slot signal, and
    /// the parent exposes one port with 2-bit IDs.
    @Test func readEnginesShareOnePortThroughConnect() throws {
        let reader = try AXIReadEngine(name: "src", dataWidth: 512, maxBurstBeats: 16, maxOutstanding: 8)
        let readerModule = try reader.module()
        let multiplexer = try AXIReadMux(name: "hbm", sources: 3, dataWidth: 512)
        let parent = try Module("ThreeStreams") { m in
            let common = ["clk": m.input("clk"), "ce": m.input("ce"), "rst_n": m.input("rst_n")]
            let start = m.input("start")
            let shared = m.instance(try multiplexer.module(), name: "mux", inputs: common)
            for stream in 0..<3 {
                let engine = m.instance(readerModule, name: "stream\(stream)", inputs: common.merging([
                    "cmd_valid": start, "cmd_address": m.input("address\(stream)", .unsigned(64)),
                    "cmd_beats": m.input("beats\(stream)", .unsigned(32)), "out_ready": m.input("ready\(stream)"),
                ]) { $1 })
                AXIReadMux.connect(engine, port: "src", to: shared, slot: stream)
                m.output("data\(stream)", engine["out_data"])
                m.output("valid\(stream)", engine["out_valid"])
            }
            m.forwardAXI4ReadMaster("hbm", multiplexer.bus, from: shared)
        }
        #expect(parent.port(named: "m_axi_hbm_arid")?.type.width == 2)
        #expect(parent.ports.filter { $0.name.hasPrefix("m_axi_hbm_") }.count == 13)
    }

    /// The multiplexer relies on its sources never throttling R: `AXIReadEngine` drives
    /// `rready` with a constant 1.
    @Test func readEngineKeepsReadyHigh() throws {
        let text = try VerilogEmitter().emitModule(try AXIReadEngine(name: "src", dataWidth: 512).module())
        #expect(text.contains("assign m_axi_src_rready = 1'b1;"), "\(text.split(separator: "\n").filter { $0.contains("rready") })")
    }
}
