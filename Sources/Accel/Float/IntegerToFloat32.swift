import HDL

/// A signed `width`-bit integer to IEEE binary32, rounded to nearest even: exactly Swift's
/// `Float(Int64(x))` (0 gives +0; above 2^24 in magnitude the low bits round, ties to even).
///
/// Ports: `clk`, `ce`, `x` (signed `width`), output `y` (32 bits). Latency 4 enabled
/// cycles (magnitude, then the shared rounding back end's three stages), one conversion
/// per cycle; no DSP.
public struct IntegerToFloat32: Sendable, Hashable {
    public let width: Int
    public static let latency = 1 + FloatRoundingBackEnd.latency
    public static let widths = 2...64

    public init(width: Int) throws {
        guard Self.widths.contains(width) else {
            throw AccelConfigurationError("integer-to-float conversion takes signed integers of \(Self.widths.lowerBound)...\(Self.widths.upperBound) bits, got \(width)")
        }
        self.width = width
    }

    public var promisedDSPs: Int { 0 }

    public func module() throws -> Module {
        let width = self.width
        return try Module("IntegerToFloat32", parameters: ["w": width]) { m in
            let (_, ce) = m.clockAndEnable()
            let x = m.input("x", .signed(width))

            // Stage 1: sign and magnitude (|−2^(w−1)| still fits w unsigned bits).
            let sign = m.register("sign_1", .bit, enable: ce)
            sign.assign(x.msb)
            let magnitude = m.register("magnitude_1", .unsigned(width), enable: ce)
            magnitude.assign(mux(x.msb, -x, x.extended(to: width + 1)).truncated(to: width).asUnsigned())
            let isZero = m.register("zero_1", .bit, enable: ce)
            isZero.assign(x == 0)

            // |x| = magnitude / 2^(w−1) · 2^(w−1): the biased exponent of its top bit.
            let exponent = Signal.constant(Float32Format.bias + width - 1, .signed(Float32Format.exponentWorkWidth))
            let special = mux(isZero, SpecialClass.constant(.zero), SpecialClass.constant(.finite))
            let backEnd = FloatRoundingBackEnd(m, prefix: "round_", sign: sign, significand: magnitude, exponent: exponent,
                                               sticky: Signal.constant(0, .bit), special: special, enable: ce)
            m.output("y", backEnd.result)
        }
    }
}
