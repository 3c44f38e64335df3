/// A hardware value while a module is being described: a port, wire, register, memory
/// read port, instance output, constant, or any expression built from them.
///
/// Operators and methods check widths and signedness as they build the expression. A
/// problem found in an operator (which cannot capture a source line) travels with the
/// value and is reported, with the Swift file:line, where the value is used (assigned,
/// output, connected); methods that take `file`/`line` report their own line.
///
/// Width rules (see docs/hdl.md):
/// - `a + b`, `a - b`: width `max(a, b) + 1`; `a * b`: width `a + b`. Both operands must
///   have the same signedness. `&+`, `&-`, `&*` wrap to `max(a, b)` bits.
/// - Bitwise `& | ^ ~` need equal types; comparisons give 1 unsigned bit; `&& || !` take
///   single bits.
/// - `a << k` grows by `k` bits, `a >> k` drops the low `k` bits (arithmetic when signed);
///   shifts by a signal keep the width.
/// - Slices, concatenations and replications are unsigned; `asSigned()` reinterprets.
/// - Integer literals take the other operand's signedness and the fewest bits that hold
///   them; for `& | ^ == != < <= > >=` and wrapping operators they must fit its type.
public struct Signal {
    let expr: Expr
    /// The module this value belongs to; nil for pure constants.
    let scope: ModuleBuilder?
    /// Problems found while building this value, reported where it is used.
    let problems: [Problem]

    init(_ expr: Expr, scope: ModuleBuilder?, problems: [Problem] = []) {
        self.expr = expr
        self.scope = scope
        self.problems = problems
    }

    /// Width and signedness of the value.
    public var type: SignalType { expr.type }
    public var width: Int { expr.type.width }
    public var isSigned: Bool { expr.type.isSigned }

    /// A constant of the given type. A value that does not fit is reported where the
    /// constant is used.
    public static func constant(_ value: Int, _ type: SignalType, file: String = #fileID, line: Int = #line) -> Signal {
        guard type.isValid else {
            return Signal(.constant(.zeros(width: 1), isSigned: type.isSigned), scope: nil,
                          problems: [Problem("constant of invalid width \(type.width)", at: SourceLocation(fileID: file, line: line))])
        }
        var problems: [Problem] = []
        if !type.canRepresent(value) {
            problems.append(Problem("constant \(value) does not fit in \(type)", at: SourceLocation(fileID: file, line: line)))
        }
        return Signal(.constant(BitPattern(value, width: type.width), isSigned: type.isSigned), scope: nil, problems: problems)
    }

    /// A constant wider than an `Int`, from 64-bit words, least significant first.
    /// Words beyond the type's width must be zero.
    public static func constant(words: [UInt64], _ type: SignalType, file: String = #fileID, line: Int = #line) -> Signal {
        let location = SourceLocation(fileID: file, line: line)
        guard type.isValid else {
            return Signal(.constant(.zeros(width: 1), isSigned: type.isSigned), scope: nil,
                          problems: [Problem("constant of invalid width \(type.width)", at: location)])
        }
        let wordCount = (type.width + 63) / 64
        let padded = Array(words.prefix(wordCount)) + [UInt64](repeating: 0, count: max(0, wordCount - words.count))
        let pattern = BitPattern(width: type.width, words: padded)
        var problems: [Problem] = []
        if pattern.words != padded || words.dropFirst(wordCount).contains(where: { $0 != 0 }) {
            problems.append(Problem("constant words do not fit in \(type)", at: location))
        }
        return Signal(.constant(pattern, isSigned: type.isSigned), scope: nil, problems: problems)
    }

    /// All-zero constant of any width (for wide buses).
    public static func zeros(_ type: SignalType) -> Signal {
        Signal(.constant(.zeros(width: max(1, type.width)), isSigned: type.isSigned), scope: nil,
               problems: type.isValid ? [] : [Problem("constant of invalid width \(type.width)")])
    }

    /// All-one constant of any width (-1 when signed).
    public static func ones(_ type: SignalType) -> Signal {
        let width = max(1, type.width)
        return Signal(.constant(BitPattern(-1, width: width), isSigned: type.isSigned), scope: nil,
                      problems: type.isValid ? [] : [Problem("constant of invalid width \(type.width)")])
    }
}

/// A problem carried by a value until it is used. Operators have no source location of
/// their own; the location of the use is filled in then.
struct Problem: Hashable {
    let message: String
    let location: SourceLocation?

    init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
}

extension Signal {
    /// Combines operands into a new value, merging their problems and module scopes.
    static func combine(_ operands: [Signal], _ expr: Expr, problems extra: [Problem] = []) -> Signal {
        var scope: ModuleBuilder?
        var problems: [Problem] = []
        for operand in operands {
            problems.append(contentsOf: operand.problems)
            guard let operandScope = operand.scope else { continue }
            if let existing = scope, existing !== operandScope {
                problems.append(Problem("expression combines signals of module '\(existing.name)' and module '\(operandScope.name)'; use an instance to connect modules"))
            } else {
                scope = operandScope
            }
        }
        problems.append(contentsOf: extra)
        return Signal(expr, scope: scope, problems: problems)
    }

    /// "'acc' (20-bit signed)", "constant 5 (4-bit unsigned)" or "20-bit signed expression",
    /// for messages.
    var summary: String {
        switch expr.op {
        case .ref(let index):
            if let scope { return "'\(scope.signalName(index))' (\(type))" }
            return "\(type) signal"
        case .constant(let pattern):
            if let value = pattern.smallUnsignedValue, !isSigned || !pattern.bit(width - 1) {
                return "constant \(value) (\(type))"
            }
            return "\(type) constant"
        default:
            return "\(type) expression"
        }
    }

    /// The declared name, when this value is a plain signal.
    var declaredName: String? {
        if case .ref(let index) = expr.op, let scope { return scope.signalName(index) }
        return nil
    }

    func adding(_ problem: Problem) -> Signal {
        Signal(expr, scope: scope, problems: problems + [problem])
    }
}
