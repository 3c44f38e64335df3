/// An instance still being described.
struct PendingInstance {
    let name: String
    let module: Module
    var inputs: [String: (expr: Expr, location: SourceLocation)] = [:]
    /// Output port name to the parent signal that carries it.
    var outputs: [String: Int] = [:]
    let location: SourceLocation
}

/// A placed copy of another module. Its outputs are signals of the parent named
/// `<instance>_<port>`; its inputs are connected by port name, with exact types.
public struct Instance {
    let builder: ModuleBuilder
    let index: Int

    /// The instance name.
    public var name: String { builder.instances[index].name }
    /// The module this is an instance of.
    public var module: Module { builder.instances[index].module }

    /// The signal carrying output `port` of this instance.
    public func output(_ port: String, file: String = #fileID, line: Int = #line) -> Signal {
        let pending = builder.instances[index]
        guard let signal = pending.outputs[port] else {
            let known = pending.module.ports.filter { $0.direction == .output }.map(\.name)
            builder.report("module '\(pending.module.name)' has no output '\(port)' (outputs: \(known.joined(separator: ", ")))", at: SourceLocation(fileID: file, line: line))
            return Signal(.constant(.zeros(width: 1), isSigned: false), scope: builder)
        }
        return builder.reference(signal)
    }

    /// The signal carrying output `port` of this instance.
    public subscript(_ port: String, file: String = #fileID, line: Int = #line) -> Signal {
        output(port, file: file, line: line)
    }

    /// Connects input `port` to `value`, which must have exactly the port's type.
    public func connect(_ port: String, to value: Signal, file: String = #fileID, line: Int = #line) {
        builder.connect(instance: index, port: port, to: value, at: SourceLocation(fileID: file, line: line))
    }
}

extension ModuleBuilder {
    /// Places `module` inside this one under the instance name `name`, connecting the
    /// given inputs by port name. Every input must be connected by the end (here or with
    /// `connect`); outputs are read with `instance["port"]`.
    @discardableResult
    public func instance(_ module: Module, name: String, inputs: [String: Signal] = [:],
                         file: String = #fileID, line: Int = #line) -> Instance {
        let location = SourceLocation(fileID: file, line: line)
        claimName(name, at: location)
        if let clash = instances.first(where: { $0.module.name == module.name && $0.module != module }) {
            report("module name '\(module.name)' is used by two different definitions (instance '\(clash.name)' and '\(name)'); give generator parameters that tell them apart", at: location)
        }
        var pending = PendingInstance(name: name, module: module, location: location)
        for port in module.ports where port.direction == .output {
            pending.outputs[port.name] = declare("\(name)_\(port.name)", port.type, role: .instanceOutput, at: location)
        }
        instances.append(pending)
        let index = instances.count - 1
        // Sorted so that problems are reported in a stable order.
        for (port, value) in inputs.sorted(by: { $0.key < $1.key }) {
            connect(instance: index, port: port, to: value, at: location)
        }
        return Instance(builder: self, index: index)
    }

    func connect(instance index: Int, port portName: String, to value: Signal, at location: SourceLocation) {
        let pending = instances[index]
        guard let port = pending.module.port(named: portName), port.direction == .input else {
            let known = pending.module.ports.filter { $0.direction == .input }.map(\.name)
            report("module '\(pending.module.name)' has no input '\(portName)' (inputs: \(known.joined(separator: ", ")))", at: location)
            _ = consume(value, at: location)
            return
        }
        let target = "input '\(portName)' of instance '\(pending.name)'"
        if let previous = pending.inputs[portName] {
            report("\(target) is already connected (at \(previous.location))", at: location)
            return
        }
        let expr = consume(value, at: location)
        if value.type != port.type {
            report("\(target) is \(port.type) but is connected to \(value.summary); ports connect with exactly equal types", at: location)
        }
        instances[index].inputs[portName] = (expr, location)
    }
}
