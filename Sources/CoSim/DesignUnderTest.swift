// CoSim's own description of a design under test. It deliberately does not use the HDL
// layer's types, so any Verilog (emitted or hand-written) can be co-simulated; an adapter
// from HDL modules maps onto this.

/// Direction of a top-level port.
public enum PortDirection: String, Sendable, Hashable {
    case input
    case output
}

/// One top-level port of the design under test.
public struct DesignPort: Sendable, Hashable {
    public var name: String
    public var direction: PortDirection
    public var width: Int
    public var isSigned: Bool

    public init(_ name: String, _ direction: PortDirection, width: Int, signed: Bool = false) {
        self.name = name
        self.direction = direction
        self.width = width
        self.isSigned = signed
    }

    public static func input(_ name: String, width: Int, signed: Bool = false) -> DesignPort {
        DesignPort(name, .input, width: width, signed: signed)
    }

    public static func output(_ name: String, width: Int, signed: Bool = false) -> DesignPort {
        DesignPort(name, .output, width: width, signed: signed)
    }

    /// Number of little-endian 32-bit words the port's value occupies on the wire.
    var wordCount: Int { (width + 31) / 32 }
}

/// A reset input and its polarity.
public struct ResetPort: Sendable, Hashable {
    public var name: String
    public var isActiveLow: Bool

    public init(_ name: String, activeLow: Bool = false) {
        self.name = name
        self.isActiveLow = activeLow
    }

    public static func activeHigh(_ name: String) -> ResetPort { ResetPort(name, activeLow: false) }
    public static func activeLow(_ name: String) -> ResetPort { ResetPort(name, activeLow: true) }
}

/// One Verilog source file.
public struct VerilogSource: Sendable, Hashable {
    public var fileName: String
    public var text: String

    public init(fileName: String, text: String) {
        self.fileName = fileName
        self.text = text
    }
}

/// Everything CoSim needs to know about a design: its sources, top module and ports, and
/// which ports are the clock, the optional clock enable and the optional reset, plus the
/// AXI4 master ports the harness's memory model serves.
public struct DesignUnderTest: Sendable, Hashable {
    public var sources: [VerilogSource]
    public var topModule: String
    public var ports: [DesignPort]
    public var clock: String
    public var clockEnable: String?
    public var reset: ResetPort?
    /// AXI4 master ports; their signals (every port named `prefix_...`) are neither data
    /// inputs nor data outputs.
    public var axiPorts: [AXIMasterPort]
    /// AXI4-Lite slave ports, driven by scripted masters; their signals (and their
    /// interrupt outputs) are neither data inputs nor data outputs either.
    public var axiLitePorts: [AXILiteSlavePort] = []

    public init(
        sources: [VerilogSource], topModule: String, ports: [DesignPort], clock: String,
        clockEnable: String? = nil, reset: ResetPort? = nil, axiPorts: [AXIMasterPort] = []
    ) {
        self.sources = sources
        self.topModule = topModule
        self.ports = ports
        self.clock = clock
        self.clockEnable = clockEnable
        self.reset = reset
        self.axiPorts = axiPorts
    }

    /// Convenience for a single-file design.
    public init(
        verilog: String, topModule: String, ports: [DesignPort], clock: String,
        clockEnable: String? = nil, reset: ResetPort? = nil, axiPorts: [AXIMasterPort] = []
    ) {
        self.init(
            sources: [VerilogSource(fileName: topModule + ".v", text: verilog)], topModule: topModule,
            ports: ports, clock: clock, clockEnable: clockEnable, reset: reset, axiPorts: axiPorts)
    }

    /// The AXI port a design port belongs to, if any.
    func axiPort(owning portName: String) -> AXIMasterPort? {
        axiPorts.first { $0.owns(portName) }
    }

    /// The AXI4-Lite port a design port belongs to, if any.
    func axiLitePort(owning portName: String) -> AXILiteSlavePort? {
        axiLitePorts.first { $0.owns(portName) }
    }

    /// The port with this name, or a `portNotFound` error.
    public func port(named name: String) throws(CoSimError) -> DesignPort {
        guard let port = ports.first(where: { $0.name == name }) else {
            throw .portNotFound(name: name, module: topModule, known: ports.map(\.name))
        }
        return port
    }

    /// Checks names, widths, directions and roles of the control ports.
    func validate() throws(CoSimError) {
        guard isIdentifier(topModule) else { throw .invalidDesign("top module name '\(topModule)' is not a Verilog identifier") }
        guard !sources.isEmpty else { throw .invalidDesign("design \(topModule) has no Verilog sources") }
        var fileNames = Set<String>()
        for source in sources {
            let name = source.fileName
            guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), name != "harness.cpp" else {
                throw .invalidDesign("source file name '\(name)' must be a plain file name")
            }
            guard name.hasSuffix(".v") || name.hasSuffix(".sv") || name.hasSuffix(".vh") || name.hasSuffix(".svh") else {
                throw .invalidDesign("source file name '\(name)' must end in .v, .sv, .vh or .svh")
            }
            guard fileNames.insert(name).inserted else { throw .invalidDesign("source file '\(name)' appears twice") }
        }
        var names = Set<String>()
        for port in ports {
            guard isIdentifier(port.name) else { throw .invalidDesign("port name '\(port.name)' is not a plain Verilog identifier") }
            guard port.width >= 1 else { throw .invalidDesign("port \(port.name) has width \(port.width); widths start at 1") }
            guard names.insert(port.name).inserted else { throw .invalidDesign("port \(port.name) is declared twice") }
        }
        try requireControlInput(clock, role: "clock")
        if let clockEnable { try requireControlInput(clockEnable, role: "clock enable") }
        if let reset { try requireControlInput(reset.name, role: "reset") }
        let roles = [clock, clockEnable, reset?.name].compactMap { $0 }
        guard Set(roles).count == roles.count else { throw .invalidDesign("clock, clock enable and reset must be different ports") }
        for (index, axi) in axiPorts.enumerated() {
            try axi.validate(in: self)
            for other in axiPorts[..<index] where other.owns(axi.prefix + "_") || axi.owns(other.prefix + "_") {
                throw .invalidDesign("AXI port prefixes \(other.prefix) and \(axi.prefix) overlap; each signal must belong to one port")
            }
            for role in roles where axi.owns(role) {
                throw .invalidDesign("port \(role) is the clock, clock enable or reset but is named like a signal of AXI port \(axi.prefix)")
            }
        }
        for (index, lite) in axiLitePorts.enumerated() {
            try lite.validate(in: self)
            for other in axiLitePorts[..<index] where other.owns(lite.prefix + "_") || lite.owns(other.prefix + "_")
                || (lite.interrupt != nil && other.owns(lite.interrupt!)) {
                throw .invalidDesign("AXI4-Lite ports \(other.prefix) and \(lite.prefix) overlap; each signal must belong to one port")
            }
        }
    }

    private func requireControlInput(_ name: String, role: String) throws(CoSimError) {
        let port = try port(named: name)
        guard port.direction == .input, port.width == 1 else {
            throw .invalidDesign("\(role) port \(name) must be a 1-bit input")
        }
    }
}

/// Plain Verilog identifiers only: Verilator exposes these unchanged as C++ members.
func isIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
        return false
    }
    return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0" ... "9").contains($0))) }
}
