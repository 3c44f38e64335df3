// Bit-level operations: slices, single bits, width changes, signedness casts,
// concatenation, replication and shifts.

extension Signal {
    /// Bits `range` (inclusive, least significant index first as in `x[8...15]`, which is
    /// Verilog's `x[15:8]`); the result is unsigned.
    public subscript(_ range: ClosedRange<Int>, file: String = #fileID, line: Int = #line) -> Signal {
        bits(low: range.lowerBound, count: range.count, at: SourceLocation(fileID: file, line: line))
    }

    /// Bits `range` (half-open, `x[0..<8]` is Verilog's `x[7:0]`); the result is unsigned.
    public subscript(_ range: Range<Int>, file: String = #fileID, line: Int = #line) -> Signal {
        bits(low: range.lowerBound, count: range.count, at: SourceLocation(fileID: file, line: line))
    }

    /// The single bit `index` as one unsigned bit.
    public subscript(_ index: Int, file: String = #fileID, line: Int = #line) -> Signal {
        bits(low: index, count: 1, at: SourceLocation(fileID: file, line: line))
    }

    /// The most significant bit (the sign bit of a signed value).
    public var msb: Signal { bits(low: width - 1, count: 1, at: nil) }

    func bits(low: Int, count: Int, at location: SourceLocation?) -> Signal {
        guard count >= 1, low >= 0, low + count <= width else {
            let shown = count >= 1 ? "\(low)...\(low + count - 1)" : "empty range starting at \(low)"
            return Signal.combine([self], .constant(.zeros(width: max(1, count)), isSigned: false),
                                  problems: [Problem("bit range \(shown) is out of range for \(summary) (valid bits 0...\(width - 1))", at: location)])
        }
        return Signal.combine([self], expr.sliced(low: low, width: count))
    }

    /// The low `width` bits, keeping signedness. Narrowing only: widening is an error.
    public func truncated(to width: Int, file: String = #fileID, line: Int = #line) -> Signal {
        let location = SourceLocation(fileID: file, line: line)
        guard width >= 1, width <= self.width else {
            return resizedUnchecked(to: max(1, width)).adding(Problem("cannot truncate \(summary) to \(width) bits; use .extended(to:) or .resized(to:) to widen", at: location))
        }
        return resizedUnchecked(to: width)
    }

    /// Sign- or zero-extension (by signedness) to `width`. Widening only.
    public func extended(to width: Int, file: String = #fileID, line: Int = #line) -> Signal {
        let location = SourceLocation(fileID: file, line: line)
        guard width >= self.width, width <= SignalType.maximumWidth else {
            return resizedUnchecked(to: max(1, min(width, SignalType.maximumWidth))).adding(Problem("cannot extend \(summary) to \(width) bits; use .truncated(to:) or .resized(to:) to narrow", at: location))
        }
        return resizedUnchecked(to: width)
    }

    /// Extends (by signedness) or truncates to exactly `width` bits: the explicit way to
    /// change a width in either direction.
    public func resized(to width: Int, file: String = #fileID, line: Int = #line) -> Signal {
        guard width >= 1, width <= SignalType.maximumWidth else {
            return adding(Problem("cannot resize \(summary) to \(width) bits", at: SourceLocation(fileID: file, line: line)))
        }
        return resizedUnchecked(to: width)
    }

    func resizedUnchecked(to width: Int) -> Signal {
        if width >= self.width { return Signal.combine([self], expr.extended(to: width)) }
        return Signal.combine([self], expr.sliced(low: 0, width: width).reinterpreted(isSigned: isSigned))
    }

    /// The same bits read as two's complement signed.
    public func asSigned() -> Signal { Signal.combine([self], expr.reinterpreted(isSigned: true)) }
    /// The same bits read as unsigned.
    public func asUnsigned() -> Signal { Signal.combine([self], expr.reinterpreted(isSigned: false)) }

    /// A signed value equal to this one: unsigned values gain a zero sign bit (one bit
    /// wider, lossless); signed values are returned unchanged. Use it to add an unsigned
    /// value such as a carry bit to a signed one.
    public func zeroExtendedToSigned() -> Signal {
        if isSigned { return self }
        return Signal.combine([self], expr.extended(to: width + 1).reinterpreted(isSigned: true))
    }

    /// `count` copies side by side (Verilog `{count{x}}`), unsigned.
    public func replicated(_ count: Int, file: String = #fileID, line: Int = #line) -> Signal {
        guard count >= 1, count <= SignalType.maximumWidth / width else {
            return adding(Problem("cannot replicate \(summary) \(count) times", at: SourceLocation(fileID: file, line: line)))
        }
        if count == 1 { return asUnsigned() }
        return Signal.combine([self], Expr(type: .unsigned(width * count), op: .replicate(expr, count: count)))
    }

    /// Concatenation, most significant part first (Verilog `{a, b}`), unsigned.
    public static func concat(_ parts: [Signal], file: String = #fileID, line: Int = #line) -> Signal {
        guard !parts.isEmpty else {
            return Signal(.constant(.zeros(width: 1), isSigned: false), scope: nil,
                          problems: [Problem("concatenation of no parts", at: SourceLocation(fileID: file, line: line))])
        }
        if parts.count == 1 { return parts[0].asUnsigned() }
        let width = parts.reduce(0) { $0 + $1.width }
        return combine(parts, Expr(type: .unsigned(width), op: .concat(parts.map(\.expr))))
    }

    /// Concatenation, most significant part first (Verilog `{a, b}`), unsigned.
    public static func concat(_ parts: Signal..., file: String = #fileID, line: Int = #line) -> Signal {
        concat(parts, file: file, line: line)
    }

    /// Shift left by a constant: appends `amount` zero bits, so the width grows by
    /// `amount` and nothing is lost. Keeps signedness.
    public static func << (lhs: Signal, amount: Int) -> Signal {
        guard amount >= 0, amount <= SignalType.maximumWidth - lhs.width else {
            return lhs.adding(Problem("shift left of \(lhs.summary) by \(amount); valid amounts are 0...\(SignalType.maximumWidth - lhs.width)"))
        }
        if amount == 0 { return lhs }
        let zeros = Expr.constant(.zeros(width: amount), isSigned: false)
        let joined = Expr(type: .unsigned(lhs.width + amount), op: .concat([lhs.expr, zeros]))
        return combine([lhs], joined.reinterpreted(isSigned: lhs.isSigned))
    }

    /// Shift right by a constant: drops the `amount` low bits, so the width shrinks by
    /// `amount` (an arithmetic shift when signed).
    public static func >> (lhs: Signal, amount: Int) -> Signal {
        guard amount >= 0, amount < lhs.width else {
            return lhs.adding(Problem("shift right of \(lhs.summary) by \(amount) leaves no bits; valid amounts are 0...\(lhs.width - 1)"))
        }
        if amount == 0 { return lhs }
        return combine([lhs], lhs.expr.sliced(low: amount, width: lhs.width - amount).reinterpreted(isSigned: lhs.isSigned))
    }

    /// Shift left by an unsigned signal amount, keeping the width (bits shifted out are
    /// lost, zeros shifted in).
    public func shiftedLeft(by amount: Signal, file: String = #fileID, line: Int = #line) -> Signal {
        dynamicShift(.shiftLeft, amount, at: SourceLocation(fileID: file, line: line))
    }

    /// Shift right by an unsigned signal amount, keeping the width; arithmetic (sign
    /// filling) when this value is signed.
    public func shiftedRight(by amount: Signal, file: String = #fileID, line: Int = #line) -> Signal {
        dynamicShift(.shiftRight, amount, at: SourceLocation(fileID: file, line: line))
    }

    private func dynamicShift(_ op: BinaryOperator, _ amount: Signal, at location: SourceLocation) -> Signal {
        var problems: [Problem] = []
        if amount.isSigned {
            problems.append(Problem("shift amount \(amount.summary) must be unsigned; use .asUnsigned()", at: location))
        }
        return Signal.combine([self, amount], Expr(type: type, op: .binary(op, expr, amount.expr)), problems: problems)
    }
}
