/// One 2:4 group's dot product `x1·w1 + x2·w2` per DSP48E2, accumulated in P.
///
/// `AD = x2 + (x1 << k)`, `B = w1 + (w2 << k)`, so
/// `P = x2·w1 + ((x1·w1 + x2·w2) << k) + (x1·w2 << 2k)`: the middle field is the dot
/// product. Summing N groups in P and extracting once gives the N-group sum:
/// `mid = sext_k(P[2k-1:k]) + P[k-1]`.
///
/// The split `k` is 15, not 16: with k = 16 the B operand `w1 + (w2 << 16)` needs 19 bits
/// when w2 = -2 and w1 < 0 (B would be -131073 or -131074, outside the 18-bit port).
/// With activations in [-127, 127] and weights in [-2, 1], k = 15 lets P sum up to
/// 32 groups (128 dense weights) before one extraction.
public struct TwoTermDot: Sendable, Equatable {
    /// Bit position of the dot-product field in P.
    public let split: Int

    public static let standard = TwoTermDot(split: 15)

    public init(split: Int) {
        precondition(split >= 10 && split <= 16, "split must leave room for the fields")
        self.split = split
    }

    /// Activation and weight operand ranges this packing is defined for.
    public static let activationRange: ClosedRange<Int64> = -127...127
    public static let weightRange: ClosedRange<Int64> = -2...1

    /// Whether the operands fit the DSP ports at this split (B is the binding constraint).
    public var fitsPorts: Bool {
        let bLow = Self.weightRange.lowerBound + (Self.weightRange.lowerBound << Int64(split))
        let bHigh = Self.weightRange.upperBound + (Self.weightRange.upperBound << Int64(split))
        let adMax = Self.activationRange.upperBound * ((1 << Int64(split)) + 1)
        return Bits.fitsSigned(bLow, width: DSP48E2.bWidth)
            && Bits.fitsSigned(bHigh, width: DSP48E2.bWidth)
            && Bits.fitsSigned(adMax, width: DSP48E2.preAdderWidth)
    }

    /// How many groups P can sum before one extraction, derived from the operand ranges:
    /// the low field (sum of x2·w1) must stay in k signed bits, the middle field (sum of
    /// dot products) must stay in k signed bits less one for the borrow, and the top field
    /// in the remaining 48 - 2k bits.
    public var maxAccumulatedGroups: Int {
        let productMagnitude = Self.activationRange.upperBound * 2  // |x·w| ≤ 127·2
        let fieldLimit = (Int64(1) << Int64(split - 1)) - 1
        let byLow = fieldLimit / productMagnitude
        let byMiddle = fieldLimit / (2 * productMagnitude)
        let topLimit = (Int64(1) << Int64(DSP48E2.accumulatorWidth - 2 * split - 1)) - 1
        let byTop = topLimit / (productMagnitude + 1)
        return Int(min(byLow, byMiddle, byTop))
    }

    @inlinable
    public func portsAD(x1: Int64, x2: Int64) -> (a: Int64, d: Int64) {
        (x1 << Int64(split), x2)
    }

    @inlinable
    public func portB(w1: Int64, w2: Int64) -> Int64 {
        w1 + (w2 << Int64(split))
    }

    /// One group's product as it enters the accumulator (the M register value).
    @inlinable
    public func product(x1: Int64, x2: Int64, w1: Int64, w2: Int64) -> Int64 {
        let ports = portsAD(x1: x1, x2: x2)
        return DSP48E2.multiply(DSP48E2.preAdd(a: ports.a, d: ports.d), portB(w1: w1, w2: w2))
    }

    /// The accumulated dot product held in the middle field of P.
    @inlinable
    public func extract(_ p: Int64) -> Int64 {
        Bits.signExtend(Bits.field(p, low: split, width: split), width: split) + Bits.bit(p, split - 1)
    }

    /// Sum over the groups of `x1·w1 + x2·w2`, computed the way the DSP does it.
    /// The caller keeps `groups.count ≤ maxAccumulatedGroups`.
    public func dot(_ groups: [(x1: Int64, x2: Int64, w1: Int64, w2: Int64)]) -> Int64 {
        var p: Int64 = 0
        for g in groups { p = DSP48E2.accumulate(p, product(x1: g.x1, x2: g.x2, w1: g.w1, w2: g.w2)) }
        return extract(p)
    }
}
