import Accel
import HDL
import Testing

@Suite struct AXIReadEngineTests {
    @Test func portsFollowTheVitisNamingConvention() throws {
        let module = try AXIReadEngine(name: "weights0", dataWidth: 512).module()
        let names = module.ports.map(\.name)
        for signal in ["arvalid", "arready", "araddr", "arlen", "arsize", "arburst", "rvalid", "rready", "rdata", "rresp", "rlast"] {
            #expect(names.contains("m_axi_weights0_\(signal)"), "missing m_axi_weights0_\(signal)")
        }
        #expect(module.port(named: "m_axi_weights0_araddr")?.type.width == 64)
        #expect(module.port(named: "m_axi_weights0_rdata")?.type.width == 512)
        #expect(module.port(named: "out_data")?.type.width == 512)
        #expect(!names.contains { $0.contains("lock") || $0.hasSuffix("_arid") })
    }

    @Test(arguments: [
        (512, 128, 4, "burst length 128 must be 1...64"),
        (500, 16, 4, "power of two from 32 to 1024"),
        (512, 16, 3, "must be a power of two: it is the FIFO depth"),
        (256, 16, 0, "outstanding bursts 0"),
    ])
    func impossibleEnginesAreRejected(width: Int, burst: Int, outstanding: Int, message: String) {
        do {
            _ = try AXIReadEngine(name: "w", dataWidth: width, maxBurstBeats: burst, maxOutstanding: outstanding)
            Issue.record("expected an error")
        } catch let error as AccelConfigurationError {
            #expect(error.description.contains(message), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
