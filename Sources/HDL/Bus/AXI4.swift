/// AXI4 (memory-mapped) interfaces as the Vitis kernel conventions name them:
/// `m_axi_<name>_<signal>`, 64-bit addresses, INCR bursts, no LOCK/CACHE/PROT/QOS
/// signals (the platform drives defaults for absent ones). The channel definitions live
/// here once; engines ask for a port bundle and drive its outputs.
public struct AXI4Configuration: Sendable, Hashable {
    public var addressWidth: Int
    /// Data bus width in bits: a power of two from 32 to 1024.
    public var dataWidth: Int
    /// ID bits; 0 leaves the ID signals out (all transactions in order).
    public var idWidth: Int

    public init(dataWidth: Int, addressWidth: Int = 64, idWidth: Int = 0) {
        self.dataWidth = dataWidth
        self.addressWidth = addressWidth
        self.idWidth = idWidth
    }

    /// Why this configuration is not a legal AXI4 port, or nil.
    public var problem: String? {
        guard dataWidth >= 32, dataWidth <= 1024, dataWidth & (dataWidth - 1) == 0 else {
            return "AXI4 data width \(dataWidth) must be a power of two from 32 to 1024"
        }
        guard addressWidth >= 12, addressWidth <= 64 else { return "AXI4 address width \(addressWidth) must be 12...64" }
        guard idWidth >= 0, idWidth <= 16 else { return "AXI4 ID width \(idWidth) must be 0...16" }
        return nil
    }

    public var bytesPerBeat: Int { dataWidth / 8 }
    /// The AxSIZE code of a full-width beat: log2(bytes per beat).
    public var sizeCode: Int { bytesPerBeat.trailingZeroBitCount }

    public static let lengthWidth = 8
    public static let sizeWidth = 3
    public static let burstWidth = 2
    public static let responseWidth = 2
    /// AxBURST = INCR.
    public static let incrementingBurst = 1
    /// The most beats one INCR burst may carry.
    public static let maxBurstBeats = 256
    /// No burst may cross a 4 KB address boundary.
    public static let boundaryBytes = 4096
}

/// The master side of an AXI4 read port: the module drives `arvalid`, `araddr`, `arlen`,
/// `arsize`, `arburst`, `arid` and `rready`; the slave drives the rest.
public struct AXI4ReadMaster {
    public let configuration: AXI4Configuration
    // Address channel.
    public let arvalid: Signal
    public let arready: Signal
    public let araddr: Signal
    public let arlen: Signal
    public let arsize: Signal
    public let arburst: Signal
    public let arid: Signal?
    // Data channel.
    public let rvalid: Signal
    public let rready: Signal
    public let rdata: Signal
    public let rresp: Signal
    public let rlast: Signal
    public let rid: Signal?
}

/// The master side of an AXI4 write port: the module drives the AW and W channels and
/// `bready`; the slave drives `awready`, `wready` and the B channel.
public struct AXI4WriteMaster {
    public let configuration: AXI4Configuration
    public let awvalid: Signal
    public let awready: Signal
    public let awaddr: Signal
    public let awlen: Signal
    public let awsize: Signal
    public let awburst: Signal
    public let awid: Signal?
    public let wvalid: Signal
    public let wready: Signal
    public let wdata: Signal
    public let wstrb: Signal
    public let wlast: Signal
    public let bvalid: Signal
    public let bready: Signal
    public let bresp: Signal
    public let bid: Signal?
}

extension ModuleBuilder {
    /// Declares the ports of an AXI4 read master `m_axi_<name>_*`. Assign `arvalid`,
    /// `araddr`, `arlen`, `arsize`, `arburst`, `arid` and `rready` exactly once each.
    public func axi4ReadMaster(_ name: String, _ configuration: AXI4Configuration,
                               file: String = #fileID, line: Int = #line) -> AXI4ReadMaster {
        let location = SourceLocation(fileID: file, line: line)
        if let problem = configuration.problem { report("AXI4 port '\(name)': \(problem)", at: location) }
        let port = AXI4PortDeclarer(builder: self, prefix: "m_axi_\(name)_", file: file, line: line)
        let out = port.output, inp = port.input
        let id = configuration.idWidth
        return AXI4ReadMaster(
            configuration: configuration,
            arvalid: out("arvalid", 1), arready: inp("arready", 1),
            araddr: out("araddr", configuration.addressWidth), arlen: out("arlen", AXI4Configuration.lengthWidth),
            arsize: out("arsize", AXI4Configuration.sizeWidth), arburst: out("arburst", AXI4Configuration.burstWidth),
            arid: id > 0 ? out("arid", id) : nil,
            rvalid: inp("rvalid", 1), rready: out("rready", 1), rdata: inp("rdata", configuration.dataWidth),
            rresp: inp("rresp", AXI4Configuration.responseWidth), rlast: inp("rlast", 1),
            rid: id > 0 ? inp("rid", id) : nil)
    }

    /// Declares the ports of an AXI4 write master `m_axi_<name>_*`. Assign the AW and W
    /// channel outputs and `bready` exactly once each.
    public func axi4WriteMaster(_ name: String, _ configuration: AXI4Configuration,
                                file: String = #fileID, line: Int = #line) -> AXI4WriteMaster {
        let location = SourceLocation(fileID: file, line: line)
        if let problem = configuration.problem { report("AXI4 port '\(name)': \(problem)", at: location) }
        let port = AXI4PortDeclarer(builder: self, prefix: "m_axi_\(name)_", file: file, line: line)
        let out = port.output, inp = port.input
        let id = configuration.idWidth
        return AXI4WriteMaster(
            configuration: configuration,
            awvalid: out("awvalid", 1), awready: inp("awready", 1),
            awaddr: out("awaddr", configuration.addressWidth), awlen: out("awlen", AXI4Configuration.lengthWidth),
            awsize: out("awsize", AXI4Configuration.sizeWidth), awburst: out("awburst", AXI4Configuration.burstWidth),
            awid: id > 0 ? out("awid", id) : nil,
            wvalid: out("wvalid", 1), wready: inp("wready", 1), wdata: out("wdata", configuration.dataWidth),
            wstrb: out("wstrb", configuration.bytesPerBeat), wlast: out("wlast", 1),
            bvalid: inp("bvalid", 1), bready: out("bready", 1), bresp: inp("bresp", AXI4Configuration.responseWidth),
            bid: id > 0 ? inp("bid", id) : nil)
    }
}

/// Declares the `m_axi_<name>_<signal>` ports of one AXI4 master, all unsigned.
private struct AXI4PortDeclarer {
    let builder: ModuleBuilder
    let prefix: String
    let file: String
    let line: Int

    func output(_ signal: String, _ width: Int) -> Signal {
        builder.output(prefix + signal, .unsigned(width), file: file, line: line)
    }

    func input(_ signal: String, _ width: Int) -> Signal {
        builder.input(prefix + signal, .unsigned(width), file: file, line: line)
    }
}

extension ModuleBuilder {
    /// Declares read master `m_axi_<name>_*` on this module and wires it to port
    /// `m_axi_<childPort>_*` of `instance` (a child that is itself an AXI4 read master;
    /// by default the same name): the child's outputs drive this module's outputs, this
    /// module's inputs drive the child.
    @discardableResult
    public func forwardAXI4ReadMaster(_ name: String, _ configuration: AXI4Configuration, from instance: Instance,
                                      childPort: String? = nil,
                                      file: String = #fileID, line: Int = #line) -> AXI4ReadMaster {
        let port = axi4ReadMaster(name, configuration, file: file, line: line)
        let prefix = "m_axi_\(childPort ?? name)_"
        let driven: [(String, Signal?)] = [("arvalid", port.arvalid), ("araddr", port.araddr), ("arlen", port.arlen),
                                           ("arsize", port.arsize), ("arburst", port.arburst), ("arid", port.arid),
                                           ("rready", port.rready)]
        for (signal, output) in driven {
            output?.assign(instance.output(prefix + signal, file: file, line: line), file: file, line: line)
        }
        let sensed: [(String, Signal?)] = [("arready", port.arready), ("rvalid", port.rvalid), ("rdata", port.rdata),
                                           ("rresp", port.rresp), ("rlast", port.rlast), ("rid", port.rid)]
        for (signal, input) in sensed {
            if let input { instance.connect(prefix + signal, to: input, file: file, line: line) }
        }
        return port
    }
}

extension ModuleBuilder {
    /// Declares write master `m_axi_<name>_*` on this module and wires it to port
    /// `m_axi_<childPort>_*` of `instance` (a child that is itself an AXI4 write master;
    /// by default the same name), as `forwardAXI4ReadMaster` does for reads.
    @discardableResult
    public func forwardAXI4WriteMaster(_ name: String, _ configuration: AXI4Configuration, from instance: Instance,
                                       childPort: String? = nil,
                                       file: String = #fileID, line: Int = #line) -> AXI4WriteMaster {
        let port = axi4WriteMaster(name, configuration, file: file, line: line)
        let prefix = "m_axi_\(childPort ?? name)_"
        let driven: [(String, Signal?)] = [("awvalid", port.awvalid), ("awaddr", port.awaddr), ("awlen", port.awlen),
                                           ("awsize", port.awsize), ("awburst", port.awburst), ("awid", port.awid),
                                           ("wvalid", port.wvalid), ("wdata", port.wdata), ("wstrb", port.wstrb),
                                           ("wlast", port.wlast), ("bready", port.bready)]
        for (signal, output) in driven {
            output?.assign(instance.output(prefix + signal, file: file, line: line), file: file, line: line)
        }
        let sensed: [(String, Signal?)] = [("awready", port.awready), ("wready", port.wready), ("bvalid", port.bvalid),
                                           ("bresp", port.bresp), ("bid", port.bid)]
        for (signal, input) in sensed {
            if let input { instance.connect(prefix + signal, to: input, file: file, line: line) }
        }
        return port
    }
}
