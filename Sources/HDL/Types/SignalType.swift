/// The hardware type of a signal: a bit width and whether the bits are read as a two's
/// complement signed number.
///
/// Every signal, port, register and memory word has one. Widths are checked when the
/// signal is used, so `.unsigned(0)` can be written but is reported as an error wherever
/// it is declared.
public struct SignalType: Hashable, Sendable, CustomStringConvertible {
    /// Number of bits, at least 1.
    public let width: Int
    /// Whether the value is two's complement signed.
    public let isSigned: Bool

    public init(width: Int, isSigned: Bool) {
        self.width = width
        self.isSigned = isSigned
    }

    /// An unsigned type of `width` bits.
    public static func unsigned(_ width: Int) -> SignalType { SignalType(width: width, isSigned: false) }
    /// A two's complement signed type of `width` bits.
    public static func signed(_ width: Int) -> SignalType { SignalType(width: width, isSigned: true) }
    /// A single unsigned bit (clocks, enables, flags).
    public static let bit = SignalType.unsigned(1)

    /// The same width with the other signedness.
    var flipped: SignalType { SignalType(width: width, isSigned: !isSigned) }

    func withWidth(_ newWidth: Int) -> SignalType { SignalType(width: newWidth, isSigned: isSigned) }

    /// "8-bit unsigned", "20-bit signed".
    public var description: String { "\(width)-bit \(isSigned ? "signed" : "unsigned")" }

    /// Largest width accepted anywhere; well above any bus the accelerator uses.
    static let maximumWidth = 65_536

    var isValid: Bool { width >= 1 && width <= SignalType.maximumWidth }

    /// The smallest type of the given signedness that holds `value`.
    static func minimal(for value: Int, isSigned: Bool) -> SignalType {
        if isSigned {
            // Two's complement: n bits hold -2^(n-1) ... 2^(n-1)-1.
            let magnitudeBits = value < 0 ? Int.bitWidth - (~value).leadingZeroBitCount : Int.bitWidth - value.leadingZeroBitCount
            return .signed(magnitudeBits + 1)
        }
        return .unsigned(max(1, Int.bitWidth - value.leadingZeroBitCount))
    }

    /// Whether `value` is representable in this type.
    func canRepresent(_ value: Int) -> Bool {
        if isSigned {
            if width >= Int.bitWidth { return true }
            let limit = 1 << (width - 1)
            return value >= -limit && value < limit
        }
        if value < 0 { return false }
        if width >= Int.bitWidth - 1 { return true }
        return value < (1 << width)
    }
}
