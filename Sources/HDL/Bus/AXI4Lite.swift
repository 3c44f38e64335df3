/// AXI4-Lite (single-beat, memory-mapped register) interfaces as the Vitis kernel
/// conventions name them: `s_axi_<name>_<signal>`, 32-bit data, no PROT signals (the
/// platform drives defaults for absent ones). A Vitis RTL kernel has exactly one such
/// slave, `s_axi_control`, for its control registers and arguments.
public struct AXI4LiteConfiguration: Sendable, Hashable {
    /// Bits of `awaddr`/`araddr`: the register window is 2^addressWidth bytes.
    public var addressWidth: Int

    public init(addressWidth: Int = 12) {
        self.addressWidth = addressWidth
    }

    /// Why this configuration is not a legal AXI4-Lite port, or nil.
    public var problem: String? {
        guard addressWidth >= 3, addressWidth <= 64 else { return "AXI4-Lite address width \(addressWidth) must be 3...64" }
        return nil
    }

    /// AXI4-Lite data is 32 bits here (Vitis's control interface; 64 is allowed by the
    /// standard but not by the Vitis kernel interface).
    public static let dataWidth = 32
    public static let strobeWidth = dataWidth / 8
    public static let responseWidth = 2
    /// BRESP/RRESP = OKAY.
    public static let okay = 0
}

/// The slave side of an AXI4-Lite port: the master (the host, through the platform)
/// drives `awvalid awaddr wvalid wdata wstrb bready arvalid araddr rready`; the module
/// drives `awready wready bvalid bresp arready rvalid rdata rresp`.
public struct AXI4LiteSlave {
    public let configuration: AXI4LiteConfiguration
    // Write address.
    public let awvalid: Signal
    public let awready: Signal
    public let awaddr: Signal
    // Write data.
    public let wvalid: Signal
    public let wready: Signal
    public let wdata: Signal
    public let wstrb: Signal
    // Write response.
    public let bvalid: Signal
    public let bready: Signal
    public let bresp: Signal
    // Read address.
    public let arvalid: Signal
    public let arready: Signal
    public let araddr: Signal
    // Read data.
    public let rvalid: Signal
    public let rready: Signal
    public let rdata: Signal
    public let rresp: Signal
}

extension ModuleBuilder {
    /// Declares the ports of an AXI4-Lite slave `s_axi_<name>_*` in Vitis order. Assign
    /// `awready`, `wready`, `bvalid`, `bresp`, `arready`, `rvalid`, `rdata` and `rresp`
    /// exactly once each.
    public func axi4LiteSlave(_ name: String, _ configuration: AXI4LiteConfiguration = AXI4LiteConfiguration(),
                              file: String = #fileID, line: Int = #line) -> AXI4LiteSlave {
        let location = SourceLocation(fileID: file, line: line)
        if let problem = configuration.problem { report("AXI4-Lite port '\(name)': \(problem)", at: location) }
        let prefix = "s_axi_\(name)_"
        func input(_ signal: String, _ width: Int) -> Signal {
            self.input(prefix + signal, .unsigned(width), file: file, line: line)
        }
        func output(_ signal: String, _ width: Int) -> Signal {
            self.output(prefix + signal, .unsigned(width), file: file, line: line)
        }
        let address = configuration.addressWidth
        let data = AXI4LiteConfiguration.dataWidth, response = AXI4LiteConfiguration.responseWidth
        return AXI4LiteSlave(
            configuration: configuration,
            awvalid: input("awvalid", 1), awready: output("awready", 1), awaddr: input("awaddr", address),
            wvalid: input("wvalid", 1), wready: output("wready", 1), wdata: input("wdata", data),
            wstrb: input("wstrb", AXI4LiteConfiguration.strobeWidth),
            bvalid: output("bvalid", 1), bready: input("bready", 1), bresp: output("bresp", response),
            arvalid: input("arvalid", 1), arready: output("arready", 1), araddr: input("araddr", address),
            rvalid: output("rvalid", 1), rready: input("rready", 1), rdata: output("rdata", data),
            rresp: output("rresp", response))
    }
}
