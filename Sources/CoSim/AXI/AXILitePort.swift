// Declares an AXI4-Lite slave port of the design under test (a Vitis kernel's
// s_axi_control); the harness attaches a scripted master driver to it instead of driving
// its signals from vectors.

/// An AXI4-Lite slave port named by its signal prefix (`s_axi_control` gives
/// `s_axi_control_awvalid`, ...), 32-bit data. Every design port named `prefix + "_..."`
/// belongs to the driver: the listed signals are checked and driven or sampled; others
/// (`_awprot`, `_arprot`) are held at zero when inputs and ignored when outputs. The optional
/// `interrupt` output is sampled for `AXILiteOperation.waitForInterrupt` and is not a data
/// output of the vector protocol either.
public struct AXILiteSlavePort: Sendable, Hashable {
    public var prefix: String
    /// Bits of `awaddr`/`araddr`.
    public var addressWidth: Int
    /// A 1-bit design output the driver can wait on (Vitis's `interrupt`).
    public var interrupt: String?

    public init(_ prefix: String, addressWidth: Int = 12, interrupt: String? = nil) {
        self.prefix = prefix
        self.addressWidth = addressWidth
        self.interrupt = interrupt
    }

    public static let dataWidth = 32

    /// The port's signals as design ports (directions seen from the design, the slave), in
    /// Vitis order.
    public var designPorts: [DesignPort] {
        var ports: [DesignPort] = []
        func add(_ suffix: String, _ direction: PortDirection, _ width: Int) {
            ports.append(DesignPort(prefix + "_" + suffix, direction, width: width))
        }
        add("awvalid", .input, 1); add("awready", .output, 1); add("awaddr", .input, addressWidth)
        add("wvalid", .input, 1); add("wready", .output, 1); add("wdata", .input, Self.dataWidth)
        add("wstrb", .input, Self.dataWidth / 8)
        add("bvalid", .output, 1); add("bready", .input, 1); add("bresp", .output, 2)
        add("arvalid", .input, 1); add("arready", .output, 1); add("araddr", .input, addressWidth)
        add("rvalid", .output, 1); add("rready", .input, 1); add("rdata", .output, Self.dataWidth)
        add("rresp", .output, 2)
        return ports
    }

    /// Whether a design port belongs to this port (its signals and its interrupt).
    func owns(_ portName: String) -> Bool { portName.hasPrefix(prefix + "_") || portName == interrupt }

    /// Checks the declaration against the design's ports.
    func validate(in design: DesignUnderTest) throws(CoSimError) {
        guard isIdentifier(prefix) else { throw .invalidDesign("AXI4-Lite port prefix '\(prefix)' is not a Verilog identifier") }
        guard (3 ... 64).contains(addressWidth) else {
            throw .invalidDesign("AXI4-Lite port \(prefix): address width \(addressWidth) must be 3 to 64")
        }
        for expected in designPorts {
            guard let actual = design.ports.first(where: { $0.name == expected.name }) else {
                throw .invalidDesign("AXI4-Lite port \(prefix) needs signal \(expected.name) (\(expected.direction.rawValue), \(expected.width) bits), which the design lacks")
            }
            guard actual.direction == expected.direction, actual.width == expected.width else {
                throw .invalidDesign("AXI4-Lite signal \(expected.name) must be a \(expected.width)-bit \(expected.direction.rawValue), "
                    + "but the design declares a \(actual.width)-bit \(actual.direction.rawValue)")
            }
        }
        if let interrupt {
            guard let port = design.ports.first(where: { $0.name == interrupt }), port.direction == .output, port.width == 1 else {
                throw .invalidDesign("AXI4-Lite port \(prefix): interrupt \(interrupt) must be a 1-bit design output")
            }
        }
        for axi in design.axiPorts where axi.owns(prefix + "_") || owns(axi.prefix + "_") || interrupt.map(axi.owns) == true {
            throw .invalidDesign("AXI4-Lite port \(prefix) and AXI port \(axi.prefix) overlap; each signal must belong to one port")
        }
        for role in [design.clock, design.clockEnable, design.reset?.name].compactMap({ $0 }) where owns(role) {
            throw .invalidDesign("port \(role) is the clock, clock enable or reset but belongs to AXI4-Lite port \(prefix)")
        }
    }
}
