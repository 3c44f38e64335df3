import HDL

/// The back end every float unit shares: from an exact significand (plus a sticky bit for
/// a nonzero tail below it) and its exponent to the binary32 result, rounded to nearest
/// even, with gradual underflow (subnormal results), overflow to infinity, and the
/// special classes decided up front. Written once so the units cannot round differently.
///
/// The value is `significand / 2^(W−1) · 2^(exponent − 127)` for a W-bit significand, i.e.
/// `exponent` is the biased exponent the result would have if the significand's top bit
/// were set. Three register stages, all enabled by `enable`:
/// 1. leading zeros and the shift: left by `min(lz, exponent − 1)` (normalise, but never
///    below exponent field 1), or right by `1 − exponent` (capped) for a subnormal result;
/// 2. the shift itself, the exponent field, overflow, and the bits a right shift drops;
/// 3. guard/sticky rounding (a carry out of the fraction moves into the exponent field,
///    which also turns the largest subnormal into the smallest normal and the largest
///    finite into infinity) and the special results.
struct FloatRoundingBackEnd {
    static let latency = 3
    /// 24 significand bits, a guard bit and at least one sticky bit.
    static let minimumSignificandWidth = Float32Format.significandBits + 2

    let result: Signal

    init(_ m: ModuleBuilder, prefix: String, sign: Signal, significand: Signal, exponent: Signal,
         sticky: Signal, special: Signal, enable: Signal) {
        func delayed(_ name: String, _ value: Signal) -> Signal { m.registered(prefix + name, value, enable: enable) }

        var sig = significand.asUnsigned()
        if sig.width < Self.minimumSignificandWidth { sig = sig << (Self.minimumSignificandWidth - sig.width) }
        let width = sig.width
        let amountWidth = width.bitWidthNeeded
        let workWidth = Float32Format.exponentWorkWidth

        // Stage 1: how far to shift, and which way.
        let biased = exponent.asSigned().resized(to: workWidth)
        let headroom = m.wire(prefix + "headroom", biased - 1)              // exponent − 1
        let leadingZeros = m.wire(prefix + "leading_zeros", leadingZeroCount(sig).zeroExtendedToSigned())
        let normalises = headroom >= 0
        let leftAmount = mux(leadingZeros <= headroom, leadingZeros.resized(to: headroom.width), headroom)
        let rightWanted = -headroom
        let rightAmount = mux(rightWanted > width, Signal.constant(width, rightWanted.type), rightWanted)
        let amount = mux(normalises, leftAmount.resized(to: rightAmount.width), rightAmount)
        let sig1 = delayed("significand_1", sig)
        let amount1 = delayed("shift_1", amount.truncated(to: amountWidth).asUnsigned())
        let left1 = delayed("left_1", normalises)
        let exponent1 = delayed("exponent_1", biased)
        let sticky1 = delayed("sticky_1", sticky)
        let sign1 = delayed("sign_1", sign)
        let special1 = delayed("special_1", special)

        // Stage 2: the shifted significand and the exponent field.
        let shiftedLeft = m.wire(prefix + "shifted_left", sig1.shiftedLeft(by: amount1))
        let spread = Signal.concat(sig1, Signal.zeros(.unsigned(width))).shiftedRight(by: amount1)
        let shiftedRight = spread[width..<(2 * width)]
        let dropped = spread[0..<width].orReduce()
        let field = m.wire(prefix + "field", exponent1 - amount1.zeroExtendedToSigned())
        let normal = left1 && shiftedLeft.msb
        let aligned2 = delayed("aligned_2", mux(left1, shiftedLeft, shiftedRight))
        // Normalised: the field is exponent − shift (≥ 1). Otherwise the result is
        // subnormal and its field is 0.
        let field2 = delayed("field_2", mux(normal, field.truncated(to: Float32Format.exponentBits).asUnsigned(),
                                              Signal.zeros(.unsigned(Float32Format.exponentBits))))
        let overflow2 = delayed("overflow_2", normal && field >= Float32Format.maxExponentField)
        let sticky2 = delayed("sticky_2", sticky1 || (!left1 && dropped))
        let sign2 = delayed("sign_2", sign1)
        let special2 = delayed("special_2", special1)

        // Stage 3: round to nearest, ties to even, and the special results.
        let kept = aligned2[(width - Float32Format.significandBits)..<width]
        let guardBit = aligned2[width - Float32Format.significandBits - 1]
        let tail = aligned2[0..<(width - Float32Format.significandBits - 1)].orReduce() || sticky2
        let roundUp = m.wire(prefix + "round_up", guardBit && (tail || kept[0]))
        let magnitude = Signal.concat(field2, kept[0..<Float32Format.fractionBits])
        let rounded = (magnitude + roundUp).truncated(to: magnitude.width)
        let infinity = Signal.concat(sign2, Signal.constant(Int(Float32Format.positiveInfinity), .unsigned(31)))
        let packed = special2.match([
            (SpecialClass.notANumber.rawValue, Signal.constant(Int(Float32Format.canonicalNaN), .unsigned(32))),
            (SpecialClass.infinity.rawValue, infinity),
            (SpecialClass.zero.rawValue, Signal.concat(sign2, Signal.zeros(.unsigned(31)))),
        ], default: mux(overflow2, infinity, Signal.concat(sign2, rounded)))
        result = delayed("result_3", packed)
    }
}

