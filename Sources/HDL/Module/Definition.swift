// The immutable, checked contents of a module, produced by `ModuleBuilder` and read by
// the Verilog emitter. Signals are referred to by their index in `signals`.

enum SignalRole: Hashable, Sendable {
    case input, output, wire, register, memoryReadData, instanceOutput
}

struct SignalDeclaration: Hashable, Sendable {
    let name: String
    let type: SignalType
    let role: SignalRole
    let location: SourceLocation
}

/// The value driving a wire or output port (`assign name = expr;`).
struct Driver: Hashable, Sendable {
    let expr: Expr
    let location: SourceLocation
}

struct ResetDefinition: Hashable, Sendable {
    let signal: Expr
    let isActiveLow: Bool
    let value: BitPattern
}

struct RegisterDefinition: Hashable, Sendable {
    let signal: Int
    let clock: Expr
    let reset: ResetDefinition?
    let enable: Expr?
    let next: Expr
    let location: SourceLocation
}

struct MemoryWritePort: Hashable, Sendable {
    let clock: Expr
    let address: Expr
    let data: Expr
    let enable: Expr?
    let location: SourceLocation
}

struct MemoryReadPort: Hashable, Sendable {
    /// The registered read data signal.
    let signal: Int
    let clock: Expr
    let address: Expr
    let enable: Expr?
    let location: SourceLocation
}

struct MemoryDefinition: Hashable, Sendable {
    let name: String
    let depth: Int
    let type: SignalType
    let initialContent: [BitPattern]?
    let writePorts: [MemoryWritePort]
    let readPorts: [MemoryReadPort]
    let location: SourceLocation

    var addressWidth: Int { MemoryDefinition.addressWidth(depth: depth) }

    static func addressWidth(depth: Int) -> Int {
        var width = 1
        while (1 << width) < depth { width += 1 }
        return width
    }
}

struct InstanceDefinition: Hashable, Sendable {
    let name: String
    let module: Module
    /// Input connections in the child's port order.
    let inputs: [InstanceConnection]
    /// Output port name to the parent's signal that receives it, in the child's port order.
    let outputs: [InstanceConnection]
    let location: SourceLocation
}

struct InstanceConnection: Hashable, Sendable {
    let port: String
    let expr: Expr
}

struct ModuleDefinition: Hashable, Sendable {
    let name: String
    let location: SourceLocation
    let signals: [SignalDeclaration]
    /// Port signal indices in declaration order.
    let ports: [Int]
    /// Drivers of wires and outputs, by signal index.
    let drivers: [Int: Driver]
    let registers: [RegisterDefinition]
    let memories: [MemoryDefinition]
    let instances: [InstanceDefinition]
    /// For each output port, the input ports it depends on without a register between.
    let combinationalPaths: [String: Set<String>]
}
