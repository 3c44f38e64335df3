/// Sized Verilog literals whose self-determined width and signedness equal the constant's.
enum VerilogLiteral {
    static func text(_ pattern: BitPattern, isSigned: Bool) -> String {
        let width = pattern.width
        if !isSigned {
            if width == 1 { return pattern.bit(0) ? "1'b1" : "1'b0" }
            if let value = pattern.smallUnsignedValue { return "\(width)'d\(value)" }
            return "\(width)'h\(pattern.hexDigits)"
        }
        let negative = pattern.bit(width - 1)
        if !negative, let value = pattern.smallUnsignedValue { return "\(width)'sd\(value)" }
        if negative, width > 1, width <= 62, let raw = pattern.smallUnsignedValue {
            let magnitude = (1 << width) - raw
            // The most negative value has no positive literal of the same width.
            if magnitude < (1 << (width - 1)) { return "-\(width)'sd\(magnitude)" }
        }
        return "\(width)'sh\(pattern.hexDigits)"
    }
}
