/// A register whose next value has not been assigned yet.
struct PendingRegister {
    let clock: Expr
    let reset: ResetDefinition?
    let enable: Expr?
    var next: Driver?
    let location: SourceLocation
}

extension ModuleBuilder {
    /// A register (flip-flop bank) updated on the rising edge of its clock. Set its next
    /// value once with `assign`.
    ///
    /// - Parameters:
    ///   - clock: Defaults to `clockDomain.clock`.
    ///   - reset: Synchronous reset; defaults to `clockDomain.reset`, but only a register
    ///     that has a reset value is reset at all.
    ///   - resetValue: The value loaded while reset is asserted. Giving one (or giving
    ///     `reset:`, which implies 0) makes the register resettable; datapath registers
    ///     without one are left without reset.
    ///   - enable: A 1-bit clock enable: the register keeps its value while it is 0.
    ///     Reset takes priority over enable.
    public func register(_ name: String, _ type: SignalType, clock: Signal? = nil, reset: Reset? = nil,
                         resetValue: Int? = nil, enable: Signal? = nil,
                         file: String = #fileID, line: Int = #line) -> Signal {
        let location = SourceLocation(fileID: file, line: line)
        let index = declare(name, type, role: .register, at: location)
        let checkedType = signals[index].type
        let clockExpr = resolveClock(clock, for: "register '\(name)'", at: location)
        var resetDefinition: ResetDefinition?
        if reset != nil || resetValue != nil {
            let value = resetValue ?? 0
            if let chosen = reset ?? clockDomain?.reset {
                if !checkedType.canRepresent(value) {
                    report("reset value \(value) does not fit register '\(name)' (\(checkedType))", at: location)
                }
                resetDefinition = ResetDefinition(signal: singleBit(chosen.signal, role: "reset of register '\(name)'", at: location),
                                                  isActiveLow: chosen.isActiveLow,
                                                  value: BitPattern(value, width: checkedType.width))
            } else {
                report("register '\(name)' has a reset value but no reset: pass reset: or set a clockDomain with a reset", at: location)
            }
        }
        let enableExpr = enable.map { singleBit($0, role: "enable of register '\(name)'", at: location) }
        pendingRegisters[index] = PendingRegister(clock: clockExpr, reset: resetDefinition, enable: enableExpr, next: nil, location: location)
        registerOrder.append(index)
        return reference(index)
    }

    /// The explicit clock or the clock domain's, checked to be one bit.
    func resolveClock(_ clock: Signal?, for owner: String, at location: SourceLocation) -> Expr {
        guard let chosen = clock ?? clockDomain?.clock else {
            report("\(owner) has no clock: pass clock: or set the module's clockDomain", at: location)
            return .constant(.zeros(width: 1), isSigned: false)
        }
        let expr = singleBit(chosen, role: "clock of \(owner)", at: location)
        // Clocks must be nets, not logic: gated clocks are not what these blocks infer.
        guard case .ref = expr.op else {
            if chosen.width == 1 && chosen.problems.isEmpty {
                report("clock of \(owner) must be a port or wire, not \(chosen.summary)", at: location)
            }
            return .constant(.zeros(width: 1), isSigned: false)
        }
        return expr
    }
}

extension ModuleBuilder {
    /// `value` one enabled clock later: a register `name` whose next value is `value`.
    public func registered(_ name: String, _ value: Signal, resetValue: Int? = nil, enable: Signal? = nil,
                           file: String = #fileID, line: Int = #line) -> Signal {
        let stage = register(name, value.type, resetValue: resetValue, enable: enable, file: file, line: line)
        stage.assign(value, file: file, line: line)
        return stage
    }

    /// `value` after `cycles` enabled clocks: a chain of registers `name_1` …
    /// `name_<cycles>` (none for 0 cycles: `value` itself).
    public func delayed(_ name: String, _ value: Signal, by cycles: Int, resetValue: Int? = nil, enable: Signal? = nil,
                        file: String = #fileID, line: Int = #line) -> Signal {
        (0..<max(0, cycles)).reduce(value) { previous, stage in
            registered("\(name)_\(stage + 1)", previous, resetValue: resetValue, enable: enable, file: file, line: line)
        }
    }
}
