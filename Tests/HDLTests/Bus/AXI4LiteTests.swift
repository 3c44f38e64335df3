import HDL
import Testing

@Suite struct AXI4LiteTests {
    /// The slave's ports carry Vitis's names, directions (seen from the slave) and widths.
    @Test func slavePortsFollowTheVitisConvention() throws {
        let module = try Module("LiteProbe") { m in
            let axi = m.axi4LiteSlave("control", AXI4LiteConfiguration(addressWidth: 7))
            axi.awready.assign(axi.awvalid)
            axi.wready.assign(axi.wvalid && axi.wdata.orReduce() && axi.wstrb.orReduce())
            axi.bvalid.assign(axi.bready)
            axi.bresp.assign(0)
            axi.arready.assign(axi.arvalid && axi.awaddr.orReduce() && axi.araddr.orReduce())
            axi.rvalid.assign(axi.rready)
            axi.rdata.assign(0)
            axi.rresp.assign(0)
        }
        let expected: [(String, PortDirection, Int)] = [
            ("awvalid", .input, 1), ("awready", .output, 1), ("awaddr", .input, 7),
            ("wvalid", .input, 1), ("wready", .output, 1), ("wdata", .input, 32), ("wstrb", .input, 4),
            ("bvalid", .output, 1), ("bready", .input, 1), ("bresp", .output, 2),
            ("arvalid", .input, 1), ("arready", .output, 1), ("araddr", .input, 7),
            ("rvalid", .output, 1), ("rready", .input, 1), ("rdata", .output, 32), ("rresp", .output, 2),
        ]
        #expect(module.ports.map(\.name) == expected.map { "s_axi_control_" + $0.0 })
        for (signal, direction, width) in expected {
            let port = try #require(module.port(named: "s_axi_control_" + signal))
            #expect(port.direction == direction && port.type == .unsigned(width), "\(signal)")
        }
    }

    @Test func impossibleAddressWidthIsReported() {
        let diagnostics = elaborationErrors { m in
            let axi = m.axi4LiteSlave("control", AXI4LiteConfiguration(addressWidth: 2))
            for output in [axi.awready, axi.wready, axi.bvalid, axi.arready, axi.rvalid] { output.assign(0) }
            for output in [axi.bresp, axi.rdata, axi.rresp] { output.assign(0) }
        }
        #expect(diagnostics.contains { $0.message.contains("AXI4-Lite address width 2 must be 3...64") }, "\(diagnostics)")
    }
}
