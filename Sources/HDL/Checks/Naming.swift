/// Rules for the Verilog identifiers the kit emits. Names are never changed silently:
/// a name that cannot be used is an error at the line that chose it.
enum Naming {
    /// Why `name` cannot be a Verilog identifier, or nil when it can.
    static func problem(with name: String, kind: String) -> String? {
        guard let first = name.unicodeScalars.first else { return "\(kind) name is empty" }
        let isLetter: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        let isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        guard isLetter(first) || first == "_" else {
            return "\(kind) name '\(name)' must start with a letter or '_'"
        }
        guard name.unicodeScalars.allSatisfy({ isLetter($0) || isDigit($0) || $0 == "_" }) else {
            return "\(kind) name '\(name)' may only contain letters, digits and '_'"
        }
        if name.hasPrefix("_t"), name.dropFirst(2).allSatisfy(\.isNumber), name.count > 2 {
            return "\(kind) name '\(name)' is reserved for the emitter's temporaries"
        }
        if name.count > 1000 { return "\(kind) name '\(name.prefix(40))...' is too long" }
        if VerilogKeywords.reserved.contains(name) {
            return "\(kind) name '\(name)' is a Verilog/SystemVerilog keyword"
        }
        return nil
    }
}
