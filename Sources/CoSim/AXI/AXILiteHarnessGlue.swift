// The per-design C++ between the harness's AXI4-Lite master drivers and the design's slave
// signals: axiLiteSample (slave outputs and the interrupt into AxiLiteSlaveSignals) and
// axiLiteDrive (AxiLiteMasterSignals onto the slave's inputs).

enum AXILiteHarnessGlue {
    static func lines(design: DesignUnderTest) -> [String] {
        let ports = design.axiLitePorts
        var lines = ["constexpr int kAxiLitePortCount = \(ports.count);", ""]
        lines.append("void axiLiteSample(const Vdut* dut, int port, AxiLiteSlaveSignals& s) {")
        lines.append("    (void)dut; (void)s;")
        lines.append("    switch (port) {")
        for (index, port) in ports.enumerated() {
            lines.append("    case \(index):")
            func bit(_ field: String, _ signal: String) { lines.append("        s.\(field) = (\(HarnessGenerator.member(signal)) & 1) != 0;") }
            func word(_ field: String, _ suffix: String) {
                lines.append("        s.\(field) = static_cast<uint32_t>(\(member(port, suffix)));")
            }
            bit("awready", port.prefix + "_awready")
            bit("wready", port.prefix + "_wready")
            bit("bvalid", port.prefix + "_bvalid")
            word("bresp", "bresp")
            bit("arready", port.prefix + "_arready")
            bit("rvalid", port.prefix + "_rvalid")
            word("rdata", "rdata")
            word("rresp", "rresp")
            if let interrupt = port.interrupt { bit("interrupt", interrupt) }
            lines.append("        break;")
        }
        lines.append("    default: break;")
        lines.append("    }")
        lines.append("}")
        lines.append("")
        lines.append("void axiLiteDrive(Vdut* dut, int port, const AxiLiteMasterSignals& m) {")
        lines.append("    (void)dut; (void)m;")
        lines.append("    switch (port) {")
        for (index, port) in ports.enumerated() {
            lines.append("    case \(index):")
            func bit(_ suffix: String, _ field: String) { lines.append("        \(member(port, suffix)) = m.\(field) ? 1 : 0;") }
            func field(_ suffix: String, _ value: String, width: Int) {
                lines.append("        \(member(port, suffix)) = m.\(value) & \(HarnessGenerator.mask64(width));")
            }
            bit("awvalid", "awvalid")
            field("awaddr", "awaddr", width: port.addressWidth)
            bit("wvalid", "wvalid")
            field("wdata", "wdata", width: 32)
            field("wstrb", "wstrb", width: 4)
            bit("bready", "bready")
            bit("arvalid", "arvalid")
            field("araddr", "araddr", width: port.addressWidth)
            bit("rready", "rready")
            // Other inputs named like this port (awprot, arprot): held at zero.
            let known = Set(port.designPorts.map(\.name))
            for other in design.ports where other.direction == .input && port.owns(other.name) && !known.contains(other.name) {
                if other.width <= 64 {
                    lines.append("        \(HarnessGenerator.member(other.name)) = 0;")
                } else {
                    lines.append("        for (int i = 0; i < \(other.wordCount); ++i) \(HarnessGenerator.member(other.name))[i] = 0;")
                }
            }
            lines.append("        break;")
        }
        lines.append("    default: break;")
        lines.append("    }")
        lines.append("}")
        return lines
    }

    private static func member(_ port: AXILiteSlavePort, _ suffix: String) -> String {
        HarnessGenerator.member(port.prefix + "_" + suffix)
    }
}
