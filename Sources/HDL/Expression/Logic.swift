// Bitwise, logical and comparison operators.

extension Signal {
    /// Bitwise operators need operands of exactly the same type.
    static func bitwise(_ op: BinaryOperator, _ symbol: String, _ lhs: Signal, _ rhs: Signal) -> Signal {
        var problems: [Problem] = []
        if lhs.type != rhs.type {
            problems.append(Problem("'\(symbol)' needs operands of the same type, got \(lhs.summary) and \(rhs.summary); resize or convert one explicitly"))
        }
        let rhsExpr = rhs.expr.extended(to: max(lhs.width, rhs.width)).reinterpreted(isSigned: lhs.isSigned)
        let type = lhs.type.withWidth(max(lhs.width, rhs.width))
        return combine([lhs, rhs], Expr(type: type, op: .binary(op, lhs.expr.extended(to: type.width), rhsExpr)), problems: problems)
    }

    /// Bitwise AND of two values of the same type (an `Int` must fit that type).
    public static func & (lhs: Signal, rhs: Signal) -> Signal { bitwise(.bitwiseAnd, "&", lhs, rhs) }
    public static func & (lhs: Signal, rhs: Int) -> Signal { lhs & fittingLiteral(rhs, for: lhs, symbol: "&") }
    /// Bitwise OR of two values of the same type.
    public static func | (lhs: Signal, rhs: Signal) -> Signal { bitwise(.bitwiseOr, "|", lhs, rhs) }
    public static func | (lhs: Signal, rhs: Int) -> Signal { lhs | fittingLiteral(rhs, for: lhs, symbol: "|") }
    /// Bitwise XOR of two values of the same type.
    public static func ^ (lhs: Signal, rhs: Signal) -> Signal { bitwise(.bitwiseXor, "^", lhs, rhs) }
    public static func ^ (lhs: Signal, rhs: Int) -> Signal { lhs ^ fittingLiteral(rhs, for: lhs, symbol: "^") }

    /// Bitwise complement, same type.
    public static prefix func ~ (operand: Signal) -> Signal {
        combine([operand], Expr(type: operand.type, op: .unary(.bitwiseNot, operand.expr)))
    }

    /// Logical operators take single bits and give one unsigned bit.
    static func logical(_ op: BinaryOperator, _ symbol: String, _ lhs: Signal, _ rhs: Signal) -> Signal {
        var problems: [Problem] = []
        for operand in [lhs, rhs] where operand.width != 1 {
            problems.append(Problem("'\(symbol)' needs single-bit operands, got \(operand.summary); compare it (e.g. != 0) or reduce it (.orReduce()) first"))
        }
        return combine([lhs, rhs], Expr(type: .bit, op: .binary(op, lhs.expr.reinterpreted(isSigned: false), rhs.expr.reinterpreted(isSigned: false))), problems: problems)
    }

    /// Logical AND of two single bits.
    public static func && (lhs: Signal, rhs: Signal) -> Signal { logical(.logicalAnd, "&&", lhs, rhs) }
    /// Logical OR of two single bits.
    public static func || (lhs: Signal, rhs: Signal) -> Signal { logical(.logicalOr, "||", lhs, rhs) }

    /// Logical negation of a single bit.
    public static prefix func ! (operand: Signal) -> Signal {
        var problems: [Problem] = []
        if operand.width != 1 {
            problems.append(Problem("'!' needs a single-bit operand, got \(operand.summary); compare it (e.g. == 0) first"))
        }
        return combine([operand], Expr(type: .bit, op: .unary(.logicalNot, operand.expr.reinterpreted(isSigned: false))), problems: problems)
    }

    /// Comparisons extend both operands to the wider width and compare signed when both
    /// are signed; mixing signedness is an error. The result is one unsigned bit.
    static func comparison(_ op: BinaryOperator, _ symbol: String, _ lhs: Signal, _ rhs: Signal) -> Signal {
        var problems: [Problem] = []
        if lhs.isSigned != rhs.isSigned {
            problems.append(Problem("'\(symbol)' compares \(lhs.summary) with \(rhs.summary); convert one with .asSigned() or .asUnsigned()"))
        }
        let width = max(lhs.width, rhs.width)
        let expr = Expr(type: .bit, op: .binary(op, lhs.expr.extended(to: width), rhs.expr.extended(to: width).reinterpreted(isSigned: lhs.isSigned)))
        return combine([lhs, rhs], expr, problems: problems)
    }

    /// Equality as one bit (an `Int` operand must fit the signal's type).
    public static func == (lhs: Signal, rhs: Signal) -> Signal { comparison(.equal, "==", lhs, rhs) }
    public static func == (lhs: Signal, rhs: Int) -> Signal { lhs == fittingLiteral(rhs, for: lhs, symbol: "==") }
    /// Inequality as one bit.
    public static func != (lhs: Signal, rhs: Signal) -> Signal { comparison(.notEqual, "!=", lhs, rhs) }
    public static func != (lhs: Signal, rhs: Int) -> Signal { lhs != fittingLiteral(rhs, for: lhs, symbol: "!=") }
    /// Less than, signed when both operands are signed.
    public static func < (lhs: Signal, rhs: Signal) -> Signal { comparison(.less, "<", lhs, rhs) }
    public static func < (lhs: Signal, rhs: Int) -> Signal { lhs < fittingLiteral(rhs, for: lhs, symbol: "<") }
    /// Less than or equal, signed when both operands are signed.
    public static func <= (lhs: Signal, rhs: Signal) -> Signal { comparison(.lessOrEqual, "<=", lhs, rhs) }
    public static func <= (lhs: Signal, rhs: Int) -> Signal { lhs <= fittingLiteral(rhs, for: lhs, symbol: "<=") }
    /// Greater than, signed when both operands are signed.
    public static func > (lhs: Signal, rhs: Signal) -> Signal { comparison(.greater, ">", lhs, rhs) }
    public static func > (lhs: Signal, rhs: Int) -> Signal { lhs > fittingLiteral(rhs, for: lhs, symbol: ">") }
    /// Greater than or equal, signed when both operands are signed.
    public static func >= (lhs: Signal, rhs: Signal) -> Signal { comparison(.greaterOrEqual, ">=", lhs, rhs) }
    public static func >= (lhs: Signal, rhs: Int) -> Signal { lhs >= fittingLiteral(rhs, for: lhs, symbol: ">=") }

    /// 1 when every bit is 1.
    public func andReduce() -> Signal { Signal.combine([self], Expr(type: .bit, op: .unary(.andReduce, expr))) }
    /// 1 when any bit is 1.
    public func orReduce() -> Signal { Signal.combine([self], Expr(type: .bit, op: .unary(.orReduce, expr))) }
    /// Parity: 1 when an odd number of bits are 1.
    public func xorReduce() -> Signal { Signal.combine([self], Expr(type: .bit, op: .unary(.xorReduce, expr))) }
}
