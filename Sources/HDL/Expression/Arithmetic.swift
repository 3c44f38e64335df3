// Arithmetic operators: + - * (growing), &+ &- &* (wrapping), unary minus.

extension Signal {
    /// Shared checks and operand extension of the two-operand arithmetic operators.
    static func arithmetic(_ op: BinaryOperator, _ symbol: String, _ lhs: Signal, _ rhs: Signal,
                           resultWidth: (Int, Int) -> Int, wrapTo wrapWidth: Int? = nil) -> Signal {
        var problems: [Problem] = []
        if lhs.isSigned != rhs.isSigned {
            problems.append(Problem("'\(symbol)' mixes \(lhs.summary) and \(rhs.summary); convert one with .asSigned() or .asUnsigned()"))
        }
        let width = resultWidth(lhs.width, rhs.width)
        let type = SignalType(width: width, isSigned: lhs.isSigned)
        var expr = Expr(type: type, op: .binary(op, lhs.expr.extended(to: width), rhs.expr.extended(to: width).reinterpreted(isSigned: lhs.isSigned)))
        if let wrapWidth, wrapWidth < width {
            expr = expr.sliced(low: 0, width: wrapWidth).reinterpreted(isSigned: type.isSigned)
        }
        return combine([lhs, rhs], expr, problems: problems)
    }

    /// A literal operand: the other operand's signedness and the fewest bits that hold it.
    static func literal(_ value: Int, for other: Signal, symbol: String) -> Signal {
        if !other.isSigned && value < 0 {
            return Signal.constant(0, .bit).adding(Problem("'\(symbol)' with negative constant \(value) and \(other.summary); make the signal signed with .asSigned() or use a non-negative constant"))
        }
        let type = SignalType.minimal(for: value, isSigned: other.isSigned)
        return Signal(.constant(BitPattern(value, width: type.width), isSigned: type.isSigned), scope: nil)
    }

    /// A literal operand that must fit the other operand's type exactly.
    static func fittingLiteral(_ value: Int, for other: Signal, symbol: String) -> Signal {
        guard other.type.isValid else { return literal(value, for: other, symbol: symbol) }
        if !other.type.canRepresent(value) {
            return Signal(.constant(.zeros(width: other.width), isSigned: other.isSigned), scope: nil,
                          problems: [Problem("'\(symbol)' with constant \(value), which does not fit \(other.summary)")])
        }
        return Signal(.constant(BitPattern(value, width: other.width), isSigned: other.isSigned), scope: nil)
    }

    // MARK: Growing arithmetic (never overflows)

    /// Sum, one bit wider than the wider operand.
    public static func + (lhs: Signal, rhs: Signal) -> Signal {
        arithmetic(.add, "+", lhs, rhs, resultWidth: { max($0, $1) + 1 })
    }
    public static func + (lhs: Signal, rhs: Int) -> Signal { lhs + literal(rhs, for: lhs, symbol: "+") }
    public static func + (lhs: Int, rhs: Signal) -> Signal { literal(lhs, for: rhs, symbol: "+") + rhs }

    /// Difference, one bit wider than the wider operand. Unsigned differences wrap
    /// modulo 2^width when the right operand is larger.
    public static func - (lhs: Signal, rhs: Signal) -> Signal {
        arithmetic(.subtract, "-", lhs, rhs, resultWidth: { max($0, $1) + 1 })
    }
    public static func - (lhs: Signal, rhs: Int) -> Signal { lhs - literal(rhs, for: lhs, symbol: "-") }
    public static func - (lhs: Int, rhs: Signal) -> Signal { literal(lhs, for: rhs, symbol: "-") - rhs }

    /// Full product: width is the sum of the operand widths.
    public static func * (lhs: Signal, rhs: Signal) -> Signal {
        arithmetic(.multiply, "*", lhs, rhs, resultWidth: { $0 + $1 })
    }
    public static func * (lhs: Signal, rhs: Int) -> Signal { lhs * literal(rhs, for: lhs, symbol: "*") }
    public static func * (lhs: Int, rhs: Signal) -> Signal { literal(lhs, for: rhs, symbol: "*") * rhs }

    /// Negation of a signed value, one bit wider so that the most negative value negates.
    public static prefix func - (operand: Signal) -> Signal {
        var problems: [Problem] = []
        if !operand.isSigned {
            problems.append(Problem("negation of \(operand.summary); convert it with .asSigned() first"))
        }
        let width = operand.width + 1
        return combine([operand], Expr(type: operand.type.withWidth(width), op: .unary(.negate, operand.expr.extended(to: width))), problems: problems)
    }

    // MARK: Wrapping arithmetic (modulo 2^max(width))

    /// Sum truncated to the wider operand's width (counters, addresses).
    public static func &+ (lhs: Signal, rhs: Signal) -> Signal {
        arithmetic(.add, "&+", lhs, rhs, resultWidth: { max($0, $1) }, wrapTo: max(lhs.width, rhs.width))
    }
    public static func &+ (lhs: Signal, rhs: Int) -> Signal { lhs &+ fittingLiteral(rhs, for: lhs, symbol: "&+") }

    /// Difference truncated to the wider operand's width.
    public static func &- (lhs: Signal, rhs: Signal) -> Signal {
        arithmetic(.subtract, "&-", lhs, rhs, resultWidth: { max($0, $1) }, wrapTo: max(lhs.width, rhs.width))
    }
    public static func &- (lhs: Signal, rhs: Int) -> Signal { lhs &- fittingLiteral(rhs, for: lhs, symbol: "&-") }

    /// Product truncated to the wider operand's width.
    public static func &* (lhs: Signal, rhs: Signal) -> Signal {
        arithmetic(.multiply, "&*", lhs, rhs, resultWidth: { max($0, $1) }, wrapTo: max(lhs.width, rhs.width))
    }
    public static func &* (lhs: Signal, rhs: Int) -> Signal { lhs &* fittingLiteral(rhs, for: lhs, symbol: "&*") }
}
