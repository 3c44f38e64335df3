import HDL

/// IEEE 754 binary32 as the float units see it: field layout, the special classes a
/// result can take, and the one NaN pattern every unit outputs.
public enum Float32Format {
    public static let width = 32
    public static let fractionBits = 23
    /// Significand bits with the hidden bit.
    public static let significandBits = 24
    public static let exponentBits = 8
    public static let bias = 127
    public static let maxExponentField = 255
    /// The NaN every unit outputs (positive, quiet, zero payload), whatever NaN came in:
    /// payloads are not propagated, so compare NaN results as "is NaN".
    public static let canonicalNaN: UInt32 = 0x7FC0_0000
    public static let positiveInfinity: UInt32 = 0x7F80_0000
    public static let one: UInt32 = 0x3F80_0000

    /// Width of the signed exponents the datapaths carry: wide enough for products and
    /// quotients of any two binary32 exponents, subnormal offsets included.
    static let exponentWorkWidth = 12
}

/// The class of a result decided before any significand arithmetic: the back end packs
/// `finite` results from the significand and the others from the class alone.
enum SpecialClass: Int {
    case finite = 0, zero = 1, infinity = 2, notANumber = 3
    static let width = 2

    /// The 2-bit code from priority-ordered flags: NaN over infinity over zero.
    static func code(notANumber: Signal, infinity: Signal, zero: Signal) -> Signal {
        priorityMux([(notANumber, constant(.notANumber)), (infinity, constant(.infinity)), (zero, constant(.zero))],
                    default: constant(.finite))
    }

    static func constant(_ value: SpecialClass) -> Signal { Signal.constant(value.rawValue, .unsigned(width)) }
}

/// The fields of one binary32 operand and the class tests every unit needs.
struct Float32Fields {
    let sign: Signal
    let exponent: Signal
    let fraction: Signal
    let isZero: Signal
    let isSubnormal: Signal
    let isInfinity: Signal
    let isNaN: Signal

    init(_ bits: Signal) {
        sign = bits[31]
        exponent = bits[Float32Format.fractionBits..<31]
        fraction = bits[0..<Float32Format.fractionBits]
        let exponentZero = exponent == 0, exponentMax = exponent == Float32Format.maxExponentField
        let fractionZero = fraction == 0
        isZero = exponentZero && fractionZero
        isSubnormal = exponentZero && !fractionZero
        isInfinity = exponentMax && fractionZero
        isNaN = exponentMax && !fractionZero
    }

    /// The 24-bit significand: the hidden bit is 1 for normal numbers, 0 for subnormals.
    var significand: Signal { Signal.concat(exponent != 0, fraction) }

    /// The exponent the significand is scaled by, as a field value: subnormals share
    /// exponent 1 with the smallest normals (gradual underflow).
    var effectiveExponent: Signal { mux(exponent == 0, Signal.constant(1, .unsigned(8)), exponent) }
}

/// Leading zeros of an unsigned value, counted from its most significant bit; a zero
/// value gives its width. A balanced tree (one 2:1 mux level per bit of the count).
func leadingZeroCount(_ value: Signal) -> Signal {
    // A 1 just below the value makes the count of an all-zero value equal to its width,
    // and pads the tree to a power of two without changing any other count.
    var padded = Signal.concat(value.asUnsigned(), Signal.constant(1, .bit))
    var size = 1
    while size < padded.width { size *= 2 }
    if size > padded.width { padded = padded << (size - padded.width) }
    return leadingZeros(of: padded).count
}

/// (all bits zero, leading zeros) of a power-of-two-wide value; the count is don't-care
/// when all bits are zero.
private func leadingZeros(of value: Signal) -> (allZero: Signal, count: Signal) {
    if value.width == 2 { return (value == 0, !value[1]) }
    let half = value.width / 2
    let high = leadingZeros(of: value[half..<value.width])
    let low = leadingZeros(of: value[0..<half])
    let count = mux(high.allZero, Signal.concat(Signal.constant(1, .bit), low.count),
                    Signal.concat(Signal.constant(0, .bit), high.count))
    return (high.allZero && low.allZero, count)
}
