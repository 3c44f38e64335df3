/// Describes the contents of one module. You get one from `Module.init`; it is only
/// valid inside that closure.
///
/// Every method records the Swift file and line it was called from, and every problem it
/// finds (width, signedness, naming, driving) is reported at that line when the module
/// is finished.
public final class ModuleBuilder {
    /// The module's (parameterised) name.
    public let name: String
    let location: SourceLocation

    /// The clock (and optional reset) registers and memories use when they are not given
    /// one explicitly.
    public var clockDomain: ClockDomain?

    var signals: [SignalDeclaration] = []
    var ports: [Int] = []
    var drivers: [Int: Driver] = [:]
    var pendingRegisters: [Int: PendingRegister] = [:]
    var registerOrder: [Int] = []
    var memories: [PendingMemory] = []
    var instances: [PendingInstance] = []
    var diagnostics: [Diagnostic] = []
    private var reportedProblems = Set<Diagnostic>()
    private var names: [String: SourceLocation] = [:]

    init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
        if let problem = Naming.problem(with: name, kind: "module") {
            report(problem, at: location)
        }
    }

    // MARK: Ports and wires

    /// An input port (a 1-bit unsigned input by default: clocks, resets, enables).
    public func input(_ name: String, _ type: SignalType = .bit, file: String = #fileID, line: Int = #line) -> Signal {
        let index = declare(name, type, role: .input, at: SourceLocation(fileID: file, line: line))
        ports.append(index)
        return reference(index)
    }

    /// An output port of the given type, driven later with `assign`.
    @discardableResult
    public func output(_ name: String, _ type: SignalType, file: String = #fileID, line: Int = #line) -> Signal {
        let index = declare(name, type, role: .output, at: SourceLocation(fileID: file, line: line))
        ports.append(index)
        return reference(index)
    }

    /// An output port driven by `value`, with `value`'s type.
    @discardableResult
    public func output(_ name: String, _ value: Signal, file: String = #fileID, line: Int = #line) -> Signal {
        let location = SourceLocation(fileID: file, line: line)
        let index = declare(name, value.type, role: .output, at: location)
        ports.append(index)
        assign(index, value, at: location)
        return reference(index)
    }

    /// A wire of the given type, driven later (exactly once) with `assign`.
    public func wire(_ name: String, _ type: SignalType, file: String = #fileID, line: Int = #line) -> Signal {
        reference(declare(name, type, role: .wire, at: SourceLocation(fileID: file, line: line)))
    }

    /// A named intermediate wire carrying `value` (its type is `value`'s type). Naming
    /// intermediate results keeps the emitted Verilog readable.
    public func wire(_ name: String, _ value: Signal, file: String = #fileID, line: Int = #line) -> Signal {
        let location = SourceLocation(fileID: file, line: line)
        let index = declare(name, value.type, role: .wire, at: location)
        assign(index, value, at: location)
        return reference(index)
    }

    // MARK: Internals shared by the declaration kinds

    func reference(_ index: Int) -> Signal {
        Signal(Expr(type: signals[index].type, op: .ref(index)), scope: self)
    }

    func signalName(_ index: Int) -> String { signals[index].name }

    /// Adds a named signal after checking its name and type.
    func declare(_ name: String, _ type: SignalType, role: SignalRole, at location: SourceLocation) -> Int {
        claimName(name, at: location)
        var checkedType = type
        if !type.isValid {
            report("'\(name)' has invalid width \(type.width); widths must be 1...\(SignalType.maximumWidth)", at: location)
            checkedType = type.withWidth(1)
        }
        signals.append(SignalDeclaration(name: name, type: checkedType, role: role, location: location))
        return signals.count - 1
    }

    /// Reserves a Verilog identifier in this module's single name space.
    func claimName(_ name: String, at location: SourceLocation) {
        if let problem = Naming.problem(with: name, kind: "signal") {
            report(problem, at: location)
        }
        if let previous = names[name] {
            report("name '\(name)' is already used in module '\(self.name)' (declared at \(previous))", at: location)
        } else {
            names[name] = location
        }
    }

    func isNameTaken(_ name: String) -> Bool { names[name] != nil }

    func report(_ message: String, at location: SourceLocation) {
        let diagnostic = Diagnostic(message, at: location)
        if reportedProblems.insert(diagnostic).inserted {
            diagnostics.append(diagnostic)
        }
    }

    /// Takes a value into this module: reports the problems it carries (at `location`
    /// when they have no line of their own) and checks it belongs here.
    func consume(_ value: Signal, at location: SourceLocation) -> Expr {
        for problem in value.problems {
            report(problem.message, at: problem.location ?? location)
        }
        // A value that already carries problems (such as mixing modules) is not
        // reported a second time for belonging elsewhere.
        if let scope = value.scope, scope !== self, value.problems.isEmpty {
            report("\(value.summary) belongs to module '\(scope.name)', not '\(name)'; connect modules through an instance", at: location)
            return .constant(.zeros(width: value.width), isSigned: value.isSigned)
        }
        return value.expr
    }

    /// Converts `value` to exactly `type`: equal signedness required, widening allowed
    /// (lossless), narrowing refused.
    func fit(_ value: Signal, to type: SignalType, target: String, at location: SourceLocation) -> Expr {
        let expr = consume(value, at: location)
        if value.isSigned != type.isSigned {
            let fix = type.isSigned ? ".asSigned()" : ".asUnsigned()"
            report("cannot assign \(value.summary) to \(type) \(target); convert it with \(fix)", at: location)
            return .constant(.zeros(width: type.width), isSigned: type.isSigned)
        }
        if value.width > type.width {
            report("cannot assign \(value.summary) to \(type) \(target) without explicit truncation; use .truncated(to: \(type.width)) or .resized(to: \(type.width))", at: location)
            return .constant(.zeros(width: type.width), isSigned: type.isSigned)
        }
        return expr.extended(to: type.width)
    }

    /// Checks a control input (clock, reset, enable, condition) is one bit.
    func singleBit(_ value: Signal, role: String, at location: SourceLocation) -> Expr {
        let expr = consume(value, at: location)
        if value.width != 1 {
            report("\(role) must be one bit, got \(value.summary)", at: location)
            return .constant(.zeros(width: 1), isSigned: false)
        }
        return expr.reinterpreted(isSigned: false)
    }

    /// Drives signal `index` with `value`: the single entry point of every assignment.
    func assign(_ index: Int, _ value: Signal, at location: SourceLocation) {
        let declaration = signals[index]
        let description: String
        switch declaration.role {
        case .wire: description = "wire '\(declaration.name)'"
        case .output: description = "output '\(declaration.name)'"
        case .register: description = "register '\(declaration.name)'"
        case .input:
            report("cannot assign to input '\(declaration.name)'", at: location)
            return
        case .memoryReadData:
            report("cannot assign to memory read data '\(declaration.name)'; it is driven by its memory", at: location)
            return
        case .instanceOutput:
            report("cannot assign to instance output '\(declaration.name)'; it is driven by its instance", at: location)
            return
        }
        let expr = fit(value, to: declaration.type, target: description, at: location)
        if declaration.role == .register {
            guard let pending = pendingRegisters[index] else { return }
            if let previous = pending.next {
                report("\(description) is already assigned (at \(previous.location)); combine the cases with mux/priorityMux/match into one assignment", at: location)
                return
            }
            pendingRegisters[index]?.next = Driver(expr: expr, location: location)
            return
        }
        if let previous = drivers[index] {
            report("\(description) is already driven (at \(previous.location)); a wire or output is driven exactly once", at: location)
            return
        }
        drivers[index] = Driver(expr: expr, location: location)
    }
}

extension Signal {
    /// Drives this wire or output (once), or sets this register's next value (once).
    /// The value must have the same signedness and may be narrower (it is extended);
    /// a wider value needs an explicit `.truncated(to:)` or `.resized(to:)`.
    public func assign(_ value: Signal, file: String = #fileID, line: Int = #line) {
        let location = SourceLocation(fileID: file, line: line)
        guard case .ref(let index) = expr.op, let scope else {
            let owner = scope ?? value.scope
            owner?.report("cannot assign to \(summary); only wires, outputs and registers can be assigned", at: location)
            return
        }
        scope.assign(index, value, at: location)
    }

    /// Drives this wire or output, or sets this register's next value, to a constant of
    /// its own type (which the constant must fit).
    public func assign(_ value: Int, file: String = #fileID, line: Int = #line) {
        assign(Signal.constant(value, type, file: file, line: line), file: file, line: line)
    }
}
