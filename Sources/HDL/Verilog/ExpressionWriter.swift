/// Turns checked expressions into Verilog text whose self-determined width and
/// signedness equal the expression's type, so no implicit Verilog sizing ever applies.
///
/// Verilog can only take bits of a named net, so an extension, slice or bit of a
/// compound expression first moves that expression into a temporary wire `_t<n>`
/// (numbered in order of need; identical expressions share one temporary).
final class ExpressionWriter {
    struct Temporary {
        let name: String
        let type: SignalType
        /// Index in the usage table (after the module's own signals).
        let net: Int
    }

    private let signals: [SignalDeclaration]
    private(set) var temporaries: [Temporary] = []
    private var temporaryByExpr: [Expr: Int] = [:]
    private(set) var usage = BitUsage()

    init(signals: [SignalDeclaration]) {
        self.signals = signals
    }

    /// Text for the right-hand side of a statement: like `text` without the outermost
    /// parentheses. `emitTemporary` receives `assign _tN = ...;` lines as they are made.
    func statementText(_ expr: Expr, emitTemporary: (String) -> Void) -> String {
        if let product = fullProduct(expr, emitTemporary: emitTemporary) { return product }
        let full = text(expr, emitTemporary: emitTemporary)
        switch expr.op {
        case .unary, .binary, .mux:
            return String(full.dropFirst().dropLast())
        default:
            return full
        }
    }

    /// A full-width product written as plain `a * b`. Only at statement level: there the
    /// assignment's width (the sum of the operand widths) sizes the operands, which is
    /// Verilog's rule, Verilator accepts it without warnings and synthesis tools see the
    /// multiplier's true operand widths.
    private func fullProduct(_ expr: Expr, emitTemporary: (String) -> Void) -> String? {
        guard case .binary(.multiply, let lhs, let rhs) = expr.op else { return nil }
        func unextended(_ operand: Expr) -> Expr {
            if case .extend(let inner) = operand.op { return inner }
            return operand
        }
        let (left, right) = (unextended(lhs), unextended(rhs))
        guard left.type.width + right.type.width == expr.type.width,
              left.type.isSigned == expr.type.isSigned, right.type.isSigned == expr.type.isSigned else { return nil }
        return "\(text(left, emitTemporary: emitTemporary)) * \(text(right, emitTemporary: emitTemporary))"
    }

    func text(_ expr: Expr, emitTemporary: (String) -> Void) -> String {
        switch expr.op {
        case .ref(let index):
            usage.markAll(index, width: expr.type.width)
            return signals[index].name
        case .constant(let pattern):
            return VerilogLiteral.text(pattern, isSigned: expr.type.isSigned)
        case .unary(let op, let operand):
            let inner = text(operand, emitTemporary: emitTemporary)
            switch op {
            case .bitwiseNot: return "(~\(inner))"
            case .negate: return "(-\(inner))"
            case .logicalNot: return "(!\(inner))"
            case .andReduce: return "(&\(inner))"
            case .orReduce: return "(|\(inner))"
            case .xorReduce: return "(^\(inner))"
            }
        case .binary(let op, let lhs, let rhs):
            let left = text(lhs, emitTemporary: emitTemporary)
            let right = text(rhs, emitTemporary: emitTemporary)
            return "(\(left) \(symbol(op, signed: lhs.type.isSigned)) \(right))"
        case .extend(let operand):
            let extra = expr.type.width - operand.type.width
            if !operand.type.isSigned {
                return "{\(extra)'d0, \(bitsText(operand, emitTemporary: emitTemporary))}"
            }
            let signBit: String
            let value: String
            if let bit = signBitText(of: operand) {
                (signBit, value) = (bit, bitsText(operand, emitTemporary: emitTemporary))
            } else {
                let (source, sourceText) = bitSource(of: operand, emitTemporary: emitTemporary)
                (signBit, value) = (bitText(source, bit: source.low + operand.type.width - 1), sourceText)
            }
            let fill = extra == 1 ? signBit : "{\(extra){\(signBit)}}"
            return "$signed({\(fill), \(value)})"
        case .slice(let operand, let low):
            let (source, _) = bitSource(of: operand, emitTemporary: emitTemporary, markAll: false)
            let first = source.low + low
            let last = first + expr.type.width - 1
            usage.mark(source.net, first...last)
            if first == 0 && last == source.width - 1 { return "$unsigned(\(source.name))" }
            return first == last ? bitText(source, bit: first) : "\(source.name)[\(last):\(first)]"
        case .concat(let parts):
            return "{" + parts.map { bitsText($0, emitTemporary: emitTemporary) }.joined(separator: ", ") + "}"
        case .replicate(let operand, let count):
            return "{\(count){\(bitsText(operand, emitTemporary: emitTemporary))}}"
        case .reinterpret(let operand):
            let inner = text(operand, emitTemporary: emitTemporary)
            return expr.type.isSigned ? "$signed(\(inner))" : "$unsigned(\(inner))"
        case .mux(let condition, let whenTrue, let whenFalse):
            let test = text(condition, emitTemporary: emitTemporary)
            return "(\(test) ? \(text(whenTrue, emitTemporary: emitTemporary)) : \(text(whenFalse, emitTemporary: emitTemporary)))"
        }
    }

    /// Text for a place that only sees bits (inside a concatenation), where a signedness
    /// cast would be noise.
    private func bitsText(_ expr: Expr, emitTemporary: (String) -> Void) -> String {
        if case .reinterpret(let inner) = expr.op { return bitsText(inner, emitTemporary: emitTemporary) }
        return text(expr, emitTemporary: emitTemporary)
    }

    private func symbol(_ op: BinaryOperator, signed: Bool) -> String {
        switch op {
        case .add: return "+"
        case .subtract: return "-"
        case .multiply: return "*"
        case .bitwiseAnd: return "&"
        case .bitwiseOr: return "|"
        case .bitwiseXor: return "^"
        case .logicalAnd: return "&&"
        case .logicalOr: return "||"
        case .equal: return "=="
        case .notEqual: return "!="
        case .less: return "<"
        case .lessOrEqual: return "<="
        case .greater: return ">"
        case .greaterOrEqual: return ">="
        case .shiftLeft: return "<<"
        case .shiftRight: return signed ? ">>>" : ">>"
        }
    }

    /// A named net whose bits `low ..< low + width(operand)` are the operand's bits.
    struct BitSource {
        let name: String
        let net: Int
        /// Width of the whole net.
        let width: Int
        let low: Int
    }

    /// Finds (or makes, as a temporary) a net holding the operand's bits, and the text
    /// of the operand itself. With `markAll`, all of the operand's bits count as read.
    private func bitSource(of operand: Expr, emitTemporary: (String) -> Void, markAll: Bool = true) -> (BitSource, String) {
        switch operand.op {
        case .ref(let index):
            let value = markAll ? text(operand, emitTemporary: emitTemporary) : signals[index].name
            return (BitSource(name: signals[index].name, net: index, width: signals[index].type.width, low: 0), value)
        case .reinterpret(let inner):
            return bitSource(of: inner, emitTemporary: emitTemporary, markAll: markAll)
        default:
            let temporary = temporaryFor(operand, emitTemporary: emitTemporary)
            if markAll { usage.markAll(temporary.net, width: temporary.type.width) }
            return (BitSource(name: temporary.name, net: temporary.net, width: temporary.type.width, low: 0), temporary.name)
        }
    }

    /// The most significant bit of `expr` as a bit-select or literal, when it can be
    /// named without a temporary (signals, slices, casts, concatenations, constants).
    private func signBitText(of expr: Expr) -> String? {
        let top = expr.type.width - 1
        switch expr.op {
        case .ref(let index):
            let source = BitSource(name: signals[index].name, net: index, width: signals[index].type.width, low: 0)
            return bitText(source, bit: top)
        case .slice(let inner, let low):
            guard case .ref(let index) = inner.op else { return nil }
            let source = BitSource(name: signals[index].name, net: index, width: signals[index].type.width, low: low)
            return bitText(source, bit: low + top)
        case .reinterpret(let inner):
            return signBitText(of: inner)
        case .concat(let parts):
            return parts.first.flatMap { signBitText(of: $0) }
        case .extend(let inner):
            return inner.type.isSigned ? signBitText(of: inner) : "1'b0"
        case .constant(let pattern):
            return pattern.bit(top) ? "1'b1" : "1'b0"
        default:
            return nil
        }
    }

    private func temporaryFor(_ expr: Expr, emitTemporary: (String) -> Void) -> Temporary {
        if let existing = temporaryByExpr[expr] { return temporaries[existing] }
        let value = statementText(expr, emitTemporary: emitTemporary)
        let temporary = Temporary(name: "_t\(temporaries.count)", type: expr.type, net: signals.count + temporaries.count)
        temporaries.append(temporary)
        temporaryByExpr[expr] = temporaries.count - 1
        emitTemporary("assign \(temporary.name) = \(value);")
        return temporary
    }

    private func bitText(_ source: BitSource, bit: Int) -> String {
        usage.mark(source.net, bit...bit)
        return source.width == 1 ? source.name : "\(source.name)[\(bit)]"
    }
}
