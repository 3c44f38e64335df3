// The per-design C++ between the harness's AXI slave model and the design's AXI master
// signals: the port shape table, axiSample (master outputs into AxiMasterSignals) and
// axiDrive (AxiSlaveSignals onto the master's inputs).

enum AXIHarnessGlue {
    static func lines(design: DesignUnderTest) -> [String] {
        let ports = design.axiPorts
        var lines = ["constexpr int kAxiPortCount = \(ports.count);"]
        // Zero-length arrays are not C++: keep one dummy shape when there are no AXI ports.
        let shapes = ports.map { port in
            "{\"\(port.prefix)\", \(port.bytesPerBeat), \(port.bytesPerBeat.trailingZeroBitCount), \(port.access.reads), \(port.access.writes)}"
        }
        // Spaces inside the outer braces: "{{" marks template placeholders.
        lines.append("const AxiPortShape kAxiPorts[] = { \(shapes.isEmpty ? "{\"\", 4, 2, false, false}" : shapes.joined(separator: ", ")) };")
        lines.append("")
        lines.append("void axiSample(const Vdut* dut, int port, AxiMasterSignals& m) {")
        lines.append("    (void)dut; (void)m;")
        lines.append("    switch (port) {")
        for (index, port) in ports.enumerated() {
            lines.append("    case \(index): {")
            lines.append(contentsOf: sampleLines(port, design: design).map { "    " + $0 })
            lines.append("        break;")
            lines.append("    }")
        }
        lines.append("    default: break;")
        lines.append("    }")
        lines.append("}")
        lines.append("")
        lines.append("void axiDrive(Vdut* dut, int port, const AxiSlaveSignals& s) {")
        lines.append("    (void)dut; (void)s;")
        lines.append("    switch (port) {")
        for (index, port) in ports.enumerated() {
            lines.append("    case \(index): {")
            lines.append(contentsOf: driveLines(port, design: design).map { "    " + $0 })
            lines.append("        break;")
            lines.append("    }")
        }
        lines.append("    default: break;")
        lines.append("    }")
        lines.append("}")
        return lines
    }

    private static func signal(_ port: AXIMasterPort, _ suffix: String) -> String {
        HarnessGenerator.member(port.prefix + "_" + suffix)
    }

    /// `m.field = signal;` for a master output of at most 64 bits.
    private static func scalar(_ port: AXIMasterPort, _ suffix: String, width: Int, type: String = "uint32_t") -> String {
        "    m.\(suffix) = static_cast<\(type)>(static_cast<uint64_t>(\(signal(port, suffix))) & \(HarnessGenerator.mask64(width)));"
    }

    private static func sampleLines(_ port: AXIMasterPort, design: DesignUnderTest) -> [String] {
        var lines: [String] = []
        if port.access.reads {
            lines.append("    m.arvalid = (\(signal(port, "arvalid")) & 1) != 0;")
            lines.append("    m.rready = (\(signal(port, "rready")) & 1) != 0;")
            lines.append("    if (m.arvalid) {")
            lines.append("    " + scalar(port, "araddr", width: port.addressWidth, type: "uint64_t"))
            lines.append("    " + scalar(port, "arlen", width: 8))
            lines.append("    " + scalar(port, "arsize", width: 3))
            lines.append("    " + scalar(port, "arburst", width: 2))
            if port.idWidth > 0 { lines.append("    " + scalar(port, "arid", width: port.idWidth)) }
            lines.append("    }")
        }
        if port.access.writes {
            lines.append("    m.awvalid = (\(signal(port, "awvalid")) & 1) != 0;")
            lines.append("    m.wvalid = (\(signal(port, "wvalid")) & 1) != 0;")
            lines.append("    m.bready = (\(signal(port, "bready")) & 1) != 0;")
            lines.append("    if (m.awvalid) {")
            lines.append("    " + scalar(port, "awaddr", width: port.addressWidth, type: "uint64_t"))
            lines.append("    " + scalar(port, "awlen", width: 8))
            lines.append("    " + scalar(port, "awsize", width: 3))
            lines.append("    " + scalar(port, "awburst", width: 2))
            if port.idWidth > 0 { lines.append("    " + scalar(port, "awid", width: port.idWidth)) }
            lines.append("    }")
            lines.append("    if (m.wvalid) {")
            lines.append(contentsOf: HarnessGenerator.readLines(
                DesignPort(port.prefix + "_wdata", .output, width: port.dataWidth), offset: 0, array: "m.wdata").map { "    " + $0 })
            lines.append(contentsOf: HarnessGenerator.readLines(
                DesignPort(port.prefix + "_wstrb", .output, width: port.bytesPerBeat), offset: 0, array: "m.wstrb").map { "    " + $0 })
            lines.append("        m.wlast = (\(signal(port, "wlast")) & 1) != 0;")
            lines.append("    }")
        }
        // Valids of channels the port was declared without, when the design has them anyway.
        let stray = (port.access.reads ? [] : ["arvalid"]) + (port.access.writes ? [] : ["awvalid", "wvalid"])
        let present = stray.filter { suffix in
            design.ports.contains { $0.name == port.prefix + "_" + suffix && $0.direction == .output }
        }
        if !present.isEmpty {
            lines.append("    m.strayValid = " + present.map { "(\(signal(port, $0)) & 1) != 0" }.joined(separator: " || ") + ";")
        }
        return lines
    }

    private static func driveLines(_ port: AXIMasterPort, design: DesignUnderTest) -> [String] {
        var lines: [String] = []
        func bit(_ suffix: String, _ value: String) { lines.append("    \(signal(port, suffix)) = \(value) ? 1 : 0;") }
        func field(_ suffix: String, _ value: String, width: Int) {
            lines.append("    \(signal(port, suffix)) = static_cast<uint32_t>(\(value)) & \(HarnessGenerator.mask64(width));")
        }
        if port.access.reads {
            bit("arready", "s.arready")
            bit("rvalid", "s.rvalid")
            lines.append(contentsOf: HarnessGenerator.applyLines(
                DesignPort(port.prefix + "_rdata", .input, width: port.dataWidth), offset: 0, array: "s.rdata"))
            field("rresp", "s.rresp", width: 2)
            bit("rlast", "s.rlast")
            if port.idWidth > 0 { field("rid", "s.rid", width: port.idWidth) }
        }
        if port.access.writes {
            bit("awready", "s.awready")
            bit("wready", "s.wready")
            bit("bvalid", "s.bvalid")
            field("bresp", "s.bresp", width: 2)
            if port.idWidth > 0 { field("bid", "s.bid", width: port.idWidth) }
        }
        // Other inputs named like this port (ruser, buser, the unused direction's readies):
        // held at zero.
        let known = Set(port.designPorts.map(\.name))
        for other in design.ports where other.direction == .input && port.owns(other.name) && !known.contains(other.name) {
            if other.width <= 64 {
                lines.append("    \(HarnessGenerator.member(other.name)) = 0;")
            } else {
                lines.append("    for (int i = 0; i < \(other.wordCount); ++i) \(HarnessGenerator.member(other.name))[i] = 0;")
            }
        }
        return lines
    }
}
