extension ModuleBuilder {
    /// Runs the whole-module checks and freezes the description.
    func finish() throws -> ModuleDefinition {
        // Undriven wires and outputs, unassigned registers.
        for (index, signal) in signals.enumerated() {
            switch signal.role {
            case .wire where drivers[index] == nil:
                report("wire '\(signal.name)' is never driven; assign it a value", at: signal.location)
            case .output where drivers[index] == nil:
                report("output '\(signal.name)' is never driven; assign it a value", at: signal.location)
            case .register where pendingRegisters[index]?.next == nil:
                report("register '\(signal.name)' is never assigned; give it a next value with assign", at: signal.location)
            default:
                break
            }
        }
        for memory in memories where memory.writePorts.isEmpty && memory.initialContent == nil {
            report("memory '\(memory.name)' has no write port and no initial content", at: memory.location)
        }
        for memory in memories where memory.readPorts.isEmpty {
            report("memory '\(memory.name)' has no read port", at: memory.location)
        }
        var finishedInstances: [InstanceDefinition] = []
        for pending in instances {
            var inputs: [InstanceConnection] = []
            var outputs: [InstanceConnection] = []
            for port in pending.module.ports {
                switch port.direction {
                case .input:
                    if let connection = pending.inputs[port.name] {
                        inputs.append(InstanceConnection(port: port.name, expr: connection.expr))
                    } else {
                        report("input '\(port.name)' of instance '\(pending.name)' (module '\(pending.module.name)') is not connected", at: pending.location)
                    }
                case .output:
                    if let signal = pending.outputs[port.name] {
                        outputs.append(InstanceConnection(port: port.name, expr: Expr(type: port.type, op: .ref(signal))))
                    }
                }
            }
            finishedInstances.append(InstanceDefinition(name: pending.name, module: pending.module, inputs: inputs,
                                                        outputs: outputs, location: pending.location))
        }
        let registers = registerOrder.compactMap { index -> RegisterDefinition? in
            guard let pending = pendingRegisters[index], let next = pending.next else { return nil }
            return RegisterDefinition(signal: index, clock: pending.clock, reset: pending.reset, enable: pending.enable,
                                      next: next.expr, location: pending.location)
        }
        let graph = CombinationalGraph(signals: signals, drivers: drivers, instances: finishedInstances)
        if let loop = graph.findLoop() {
            let path = (loop + [loop[0]]).map { "'\(signals[$0].name)'" }.joined(separator: " -> ")
            let location = drivers[loop[0]]?.location ?? signals[loop[0]].location
            report("combinational loop: \(path); break it with a register", at: location)
        }
        guard diagnostics.isEmpty else {
            throw ElaborationError(moduleName: name, diagnostics: diagnostics)
        }
        return ModuleDefinition(
            name: name, location: location, signals: signals, ports: ports, drivers: drivers,
            registers: registers,
            memories: memories.map {
                MemoryDefinition(name: $0.name, depth: $0.depth, type: $0.type, initialContent: $0.initialContent,
                                 writePorts: $0.writePorts, readPorts: $0.readPorts, location: $0.location)
            },
            instances: finishedInstances,
            combinationalPaths: graph.outputDependencies(ports: ports))
    }
}
