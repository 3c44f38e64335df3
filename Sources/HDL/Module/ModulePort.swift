/// Direction of a module port.
public enum PortDirection: String, Hashable, Sendable {
    case input, output
}

/// A port of a finished module, as a co-simulation harness or a parent needs it.
public struct ModulePort: Hashable, Sendable, CustomStringConvertible {
    /// The Verilog port name.
    public let name: String
    public let direction: PortDirection
    /// Width and signedness.
    public let type: SignalType
    /// Where the port was declared.
    public let location: SourceLocation

    public var width: Int { type.width }
    public var isSigned: Bool { type.isSigned }

    /// "input x: 8-bit signed"
    public var description: String { "\(direction.rawValue) \(name): \(type)" }
}
