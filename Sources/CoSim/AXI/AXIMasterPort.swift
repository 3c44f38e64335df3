// Declares an AXI4 master port of the design under test; the harness attaches a slave
// memory model to it instead of driving its signals from vectors.

/// Which AXI4 channels of a master port the design uses.
public enum AXIAccess: String, Sendable, Hashable {
    /// AR and R channels only.
    case read
    /// AW, W and B channels only.
    case write
    /// All five channels.
    case readWrite

    var reads: Bool { self != .write }
    var writes: Bool { self != .read }
}

/// An AXI4 master port named by its signal prefix (Vitis style: `m_axi_gmem` gives
/// `m_axi_gmem_arvalid`, `m_axi_gmem_araddr`, ...). Every design port whose name starts with
/// `prefix + "_"` belongs to the memory model, not to the vector protocol: the signals
/// listed in `signals` are checked and driven; others (`_arcache`, `_arprot`, `_ruser`, ...)
/// are ignored when they are design outputs and held at zero when they are inputs.
public struct AXIMasterPort: Sendable, Hashable {
    public var prefix: String
    public var access: AXIAccess
    /// Bits per data beat: a multiple of 32 from 32 to 1024.
    public var dataWidth: Int
    /// Bits of `arid`/`rid`/`awid`/`bid`; 0 means the port has no ID signals (every burst ID 0).
    public var idWidth: Int
    /// Bits of `araddr`/`awaddr` (at most 64).
    public var addressWidth: Int

    public init(_ prefix: String, access: AXIAccess, dataWidth: Int, idWidth: Int = 0, addressWidth: Int = 64) {
        self.prefix = prefix
        self.access = access
        self.dataWidth = dataWidth
        self.idWidth = idWidth
        self.addressWidth = addressWidth
    }

    /// Bytes per data beat.
    public var bytesPerBeat: Int { dataWidth / 8 }

    /// The port's signals as design ports (direction seen from the design, the master), in
    /// Vitis order: `ports: myPorts + axi.designPorts` declares them for hand-written Verilog.
    public var designPorts: [DesignPort] {
        var ports: [DesignPort] = []
        func add(_ suffix: String, _ direction: PortDirection, _ width: Int) {
            ports.append(DesignPort(prefix + "_" + suffix, direction, width: width))
        }
        if access.reads {
            add("arvalid", .output, 1); add("arready", .input, 1); add("araddr", .output, addressWidth)
            add("arlen", .output, 8); add("arsize", .output, 3); add("arburst", .output, 2)
            if idWidth > 0 { add("arid", .output, idWidth) }
            add("rvalid", .input, 1); add("rready", .output, 1); add("rdata", .input, dataWidth)
            add("rresp", .input, 2); add("rlast", .input, 1)
            if idWidth > 0 { add("rid", .input, idWidth) }
        }
        if access.writes {
            add("awvalid", .output, 1); add("awready", .input, 1); add("awaddr", .output, addressWidth)
            add("awlen", .output, 8); add("awsize", .output, 3); add("awburst", .output, 2)
            if idWidth > 0 { add("awid", .output, idWidth) }
            add("wvalid", .output, 1); add("wready", .input, 1); add("wdata", .output, dataWidth)
            add("wstrb", .output, dataWidth / 8); add("wlast", .output, 1)
            add("bvalid", .input, 1); add("bready", .output, 1); add("bresp", .input, 2)
            if idWidth > 0 { add("bid", .input, idWidth) }
        }
        return ports
    }

    /// Whether a design port belongs to this AXI port.
    func owns(_ portName: String) -> Bool { portName.hasPrefix(prefix + "_") }

    /// Checks the declaration and that the design has every signal with the right direction
    /// and width (and no ID signals when `idWidth` is 0).
    func validate(in design: DesignUnderTest) throws(CoSimError) {
        guard isIdentifier(prefix) else { throw .invalidDesign("AXI port prefix '\(prefix)' is not a Verilog identifier") }
        guard dataWidth >= 32, dataWidth <= 1024, dataWidth % 32 == 0 else {
            throw .invalidDesign("AXI port \(prefix): data width \(dataWidth) must be a multiple of 32 from 32 to 1024")
        }
        guard dataWidth & (dataWidth - 1) == 0 else {
            throw .invalidDesign("AXI port \(prefix): data width \(dataWidth) must be a power of two (arsize encodes log2 of the beat bytes)")
        }
        guard (0 ... 32).contains(idWidth) else { throw .invalidDesign("AXI port \(prefix): ID width \(idWidth) must be 0 to 32") }
        guard (12 ... 64).contains(addressWidth) else {
            throw .invalidDesign("AXI port \(prefix): address width \(addressWidth) must be 12 to 64")
        }
        for expected in designPorts {
            guard let actual = design.ports.first(where: { $0.name == expected.name }) else {
                throw .invalidDesign("AXI port \(prefix) needs signal \(expected.name) (\(expected.direction.rawValue), \(expected.width) bits), which the design lacks")
            }
            guard actual.direction == expected.direction, actual.width == expected.width else {
                throw .invalidDesign("AXI signal \(expected.name) must be a \(expected.width)-bit \(expected.direction.rawValue), "
                    + "but the design declares a \(actual.width)-bit \(actual.direction.rawValue)")
            }
        }
        if idWidth == 0 {
            for suffix in ["arid", "rid", "awid", "bid"] where design.ports.contains(where: { $0.name == prefix + "_" + suffix }) {
                throw .invalidDesign("AXI port \(prefix) is declared without IDs (idWidth 0) but the design has \(prefix)_\(suffix)")
            }
        }
    }
}
