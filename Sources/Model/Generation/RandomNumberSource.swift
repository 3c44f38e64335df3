/// run.c's xorshift* generator, so a seed gives the same stream on every platform:
/// `s ^= s >> 12; s ^= s << 25; s ^= s >> 27; u32 = (s · 0x2545F4914F6CDD1D) >> 32`,
/// and `f32 = Float(u32 >> 8) / 2^24` in [0, 1). Seed 0 (a fixed point of xorshift) is
/// replaced by a fixed nonzero constant.
public struct XorshiftRandom: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    public mutating func nextUInt32() -> UInt32 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return UInt32(truncatingIfNeeded: (state &* 0x2545_F491_4F6C_DD1D) >> 32)
    }

    public mutating func nextFloat() -> Float { Float(nextUInt32() >> 8) / 16_777_216 }
}
