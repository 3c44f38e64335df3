// Multiplexers: two-way `mux`, `priorityMux`, value `match` and indexed `pick`.

/// `condition ? whenTrue : whenFalse`. The condition is one bit; the branches must have
/// the same signedness and the narrower one is extended to the wider width.
public func mux(_ condition: Signal, _ whenTrue: Signal, _ whenFalse: Signal,
                file: String = #fileID, line: Int = #line) -> Signal {
    let location = SourceLocation(fileID: file, line: line)
    var problems: [Problem] = []
    if condition.width != 1 {
        problems.append(Problem("mux condition must be one bit, got \(condition.summary)", at: location))
    }
    if whenTrue.isSigned != whenFalse.isSigned {
        problems.append(Problem("mux branches mix \(whenTrue.summary) and \(whenFalse.summary); convert one with .asSigned() or .asUnsigned()", at: location))
    }
    let width = max(whenTrue.width, whenFalse.width)
    let type = SignalType(width: width, isSigned: whenTrue.isSigned)
    let expr = Expr(type: type, op: .mux(condition.expr.reinterpreted(isSigned: false), whenTrue.expr.extended(to: width),
                                         whenFalse.expr.extended(to: width).reinterpreted(isSigned: type.isSigned)))
    return Signal.combine([condition, whenTrue, whenFalse], expr, problems: problems)
}

/// Priority selection: the value of the first case whose condition is 1, else `default`.
/// Built from nested `mux`es, so the same width rules apply.
public func priorityMux(_ cases: [(Signal, Signal)], default defaultValue: Signal,
                   file: String = #fileID, line: Int = #line) -> Signal {
    cases.reversed().reduce(defaultValue) { otherwise, entry in
        mux(entry.0, entry.1, otherwise, file: file, line: line)
    }
}

extension Signal {
    /// A case statement on this value: the result of the first case whose key equals
    /// this value, else `default`. Keys must fit this value's type.
    public func match(_ cases: [(Int, Signal)], default defaultValue: Signal,
                      file: String = #fileID, line: Int = #line) -> Signal {
        let location = SourceLocation(fileID: file, line: line)
        var seen = Set<Int>()
        var conditions: [(Signal, Signal)] = []
        for (key, value) in cases {
            var condition = self == Signal.fittingLiteral(key, for: self, symbol: "match")
            if !seen.insert(key).inserted {
                condition = condition.adding(Problem("match on \(summary) lists key \(key) twice", at: location))
            }
            conditions.append((condition, value))
        }
        let result = priorityMux(conditions, default: defaultValue, file: file, line: line)
        // Problems without a place of their own belong to this match call.
        return Signal(result.expr, scope: result.scope, problems: result.problems.map {
            $0.location == nil ? Problem($0.message, at: location) : $0
        })
    }
}

extension Signal {
    /// `options[index]` as a balanced tree of two-way multiplexers, one level per bit of
    /// the unsigned `index` (the selector of a sparse or packed datapath). Without a
    /// `default`, there must be exactly 2^index.width options; with one, fewer options
    /// are padded with it.
    public static func pick(_ options: [Signal], at index: Signal, default defaultValue: Signal? = nil,
                            file: String = #fileID, line: Int = #line) -> Signal {
        let location = SourceLocation(fileID: file, line: line)
        let capacity = index.width < 20 ? 1 << index.width : Int.max
        guard !options.isEmpty, !index.isSigned, options.count <= capacity,
              options.count == capacity || defaultValue != nil else {
            let reason: String
            if index.isSigned {
                reason = "pick index \(index.summary) must be unsigned"
            } else if options.count > capacity {
                reason = "pick has \(options.count) options but \(index.summary) selects at most \(capacity)"
            } else {
                reason = "pick has \(options.count) options for \(index.summary); give exactly \(capacity) or a default"
            }
            return (options.first ?? index).adding(Problem(reason, at: location))
        }
        var level = options + [Signal](repeating: defaultValue ?? options[0], count: capacity - options.count)
        for bit in 0..<index.width {
            let select = index[bit]
            level = stride(from: 0, to: level.count, by: 2).map { mux(select, level[$0 + 1], level[$0], file: file, line: line) }
        }
        return level[0]
    }
}
