/// Two's-complement bit-field helpers shared by every packing rule.
///
/// All values travel as `Int64`; a field of `width` bits is what the hardware wires hold.
public enum Bits {
    /// The low `width` bits of `value`, as an unsigned number.
    @inlinable
    public static func field(_ value: Int64, low: Int, width: Int) -> Int64 {
        precondition(width > 0 && width <= 63 && low >= 0 && low + width <= 64, "field out of range")
        return (value >> Int64(low)) & ((Int64(1) << Int64(width)) - 1)
    }

    /// Interprets the low `width` bits of `value` as a signed two's-complement number.
    @inlinable
    public static func signExtend(_ value: Int64, width: Int) -> Int64 {
        precondition(width > 0 && width <= 64, "width out of range")
        let shift = Int64(64 - width)
        return (value << shift) >> shift
    }

    /// `value` wrapped to a `width`-bit signed register, as hardware adders and products do.
    @inlinable
    public static func wrapSigned(_ value: Int64, width: Int) -> Int64 {
        signExtend(value, width: width)
    }

    /// Bit `index` of `value` (0 or 1).
    @inlinable
    public static func bit(_ value: Int64, _ index: Int) -> Int64 {
        (value >> Int64(index)) & 1
    }

    /// Whether `value` is representable as a `width`-bit signed number.
    @inlinable
    public static func fitsSigned(_ value: Int64, width: Int) -> Bool {
        let limit = Int64(1) << Int64(width - 1)
        return value >= -limit && value < limit
    }

    /// The number of bits a signed value range `[low, high]` needs.
    public static func signedWidth(low: Int64, high: Int64) -> Int {
        var width = 1
        while !(fitsSigned(low, width: width) && fitsSigned(high, width: width)) { width += 1 }
        return width
    }
}
