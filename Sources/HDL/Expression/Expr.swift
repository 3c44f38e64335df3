/// The checked, width-explicit expression tree stored in a finished module.
///
/// Every node already has the width and signedness of its result, and every operand of
/// an arithmetic or comparison node has been extended to the width the operator works
/// at, so the Verilog emitter never relies on Verilog's implicit sizing rules.
struct Expr: Hashable, Sendable {
    let type: SignalType
    let op: ExprOp
}

indirect enum ExprOp: Hashable, Sendable {
    /// A declared signal of the module (port, wire, register, read port, instance output),
    /// by its index in the module's signal table.
    case ref(Int)
    case constant(BitPattern)
    case unary(UnaryOperator, Expr)
    /// Both operands have equal signedness; for arithmetic, bitwise and comparison
    /// operators they also have equal width.
    case binary(BinaryOperator, Expr, Expr)
    /// Sign- or zero-extension (by the operand's signedness) to `type.width`.
    case extend(Expr)
    /// Bits `low ..< low + type.width` of the operand; the result is unsigned.
    case slice(Expr, low: Int)
    /// Most significant part first, as Verilog's `{a, b}`; the result is unsigned.
    case concat([Expr])
    case replicate(Expr, count: Int)
    /// The same bits read with the signedness of `type`.
    case reinterpret(Expr)
    /// condition ? whenTrue : whenFalse, with both branches of the result's type.
    case mux(Expr, Expr, Expr)
}

enum UnaryOperator: Hashable, Sendable {
    case bitwiseNot, negate, logicalNot, andReduce, orReduce, xorReduce
}

enum BinaryOperator: Hashable, Sendable {
    case add, subtract, multiply
    case bitwiseAnd, bitwiseOr, bitwiseXor
    case logicalAnd, logicalOr
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    /// Shift by a signal amount; the result keeps the left operand's type.
    case shiftLeft, shiftRight
}

extension Expr {
    static func constant(_ pattern: BitPattern, isSigned: Bool) -> Expr {
        Expr(type: SignalType(width: pattern.width, isSigned: isSigned), op: .constant(pattern))
    }

    /// Extends (by own signedness) to `width`; a no-op at equal width.
    func extended(to width: Int) -> Expr {
        if width == type.width { return self }
        if case .extend(let inner) = op { return inner.extended(to: width) }
        // A zero-extended value read as signed has a 0 sign bit: extending it further is
        // a longer zero-extension.
        if type.isSigned, case .reinterpret(let inner) = op, case .extend(let core) = inner.op,
           !core.type.isSigned, core.type.width < inner.type.width {
            return core.extended(to: width).reinterpreted(isSigned: true)
        }
        if case .constant(let pattern) = op {
            // Fold: constants extend at build time so the Verilog shows the final literal.
            let extendedBits = (0..<width).map { $0 < type.width ? pattern.bit($0) : (type.isSigned && pattern.bit(type.width - 1)) }
            return .constant(BitPattern(bits: extendedBits), isSigned: type.isSigned)
        }
        return Expr(type: type.withWidth(width), op: .extend(self))
    }

    /// Bits `low ..< low + width`, unsigned; folds slices of slices and of constants.
    func sliced(low: Int, width: Int) -> Expr {
        if low == 0 && width == type.width && !type.isSigned { return self }
        switch op {
        case .slice(let inner, let innerLow):
            return inner.sliced(low: innerLow + low, width: width)
        case .reinterpret(let inner):
            return inner.sliced(low: low, width: width)
        case .constant(let pattern):
            return .constant(pattern.slice(low: low, count: width), isSigned: false)
        case .extend(let inner) where low + width <= inner.type.width:
            return inner.sliced(low: low, width: width)
        default:
            if low == 0 && width == type.width { return reinterpreted(isSigned: false) }
            return Expr(type: .unsigned(width), op: .slice(self, low: low))
        }
    }

    /// The same bits with the given signedness.
    func reinterpreted(isSigned: Bool) -> Expr {
        if type.isSigned == isSigned { return self }
        switch op {
        case .reinterpret(let inner) where inner.type.isSigned == isSigned:
            return inner
        case .constant(let pattern):
            return .constant(pattern, isSigned: isSigned)
        default:
            return Expr(type: SignalType(width: type.width, isSigned: isSigned), op: .reinterpret(self))
        }
    }

    /// Every signal index this expression reads.
    func forEachReference(_ body: (Int) -> Void) {
        switch op {
        case .ref(let index): body(index)
        case .constant: break
        case .unary(_, let operand), .extend(let operand), .slice(let operand, _),
             .replicate(let operand, _), .reinterpret(let operand):
            operand.forEachReference(body)
        case .binary(_, let lhs, let rhs):
            lhs.forEachReference(body)
            rhs.forEachReference(body)
        case .concat(let parts):
            for part in parts { part.forEachReference(body) }
        case .mux(let condition, let whenTrue, let whenFalse):
            condition.forEachReference(body)
            whenTrue.forEachReference(body)
            whenFalse.forEachReference(body)
        }
    }
}

extension BitPattern {
    /// From individual bits, least significant first.
    init(bits: [Bool]) {
        var words = [UInt64](repeating: 0, count: (bits.count + 63) / 64)
        for (index, bit) in bits.enumerated() where bit {
            words[index / 64] |= 1 << UInt64(index % 64)
        }
        self.init(width: bits.count, words: words)
    }
}
