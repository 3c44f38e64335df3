import HDL

/// The INT8 activation code of a binary32 value already scaled by `127 / absmax`:
/// `clamp(round_even(v), −127, 127)` (`Numerics.roundClamped`), ±∞ clamping to ±127.
/// A NaN gives 0: inside the activation quantizer a NaN product can only be 0 · ∞ (a zero
/// element when `127 / absmax` overflowed), and Numerics codes zero elements as 0.
/// Combinational; returns a signed 8-bit code.
func activationCode(_ value: Signal) -> Signal {
    let fields = Float32Fields(value)
    let exponent = fields.exponent
    // |v| < 0.5 below exponent field 126; |v| ≥ 128 (so the clamp) from field 134.
    let belowHalf = exponent < (Float32Format.bias - 1)
    let saturates = exponent >= (Float32Format.bias + 7)
    // In between, v = significand · 2^(e − 150) with a shift of 150 − e ∈ [17, 24]; 24
    // zero bits below keep every shifted-out bit for the sticky test.
    let shift = (Signal.constant(Float32Format.bias + 23, .unsigned(8)) - exponent).truncated(to: 5).asUnsigned()
    let spread = Signal.concat(fields.significand, Signal.zeros(.unsigned(24))).shiftedRight(by: shift)
    let integer = spread[24..<33]                                   // ≤ 255 here
    let guardBit = spread[23]
    let sticky = spread[0..<23] != 0
    let rounded = integer + (guardBit && (sticky || integer[0]))
    let magnitude = priorityMux([
        (fields.isNaN || belowHalf, Signal.zeros(.unsigned(7))),
        (saturates || rounded >= 127, Signal.constant(127, .unsigned(7))),
    ], default: rounded.truncated(to: 7))
    let signedMagnitude = magnitude.zeroExtendedToSigned()
    return mux(fields.sign, -signedMagnitude, signedMagnitude.extended(to: 9)).truncated(to: 8)
}
