import Accel
import CoSim
import Foundation

/// How much the float suites run: CI's share by default; `RCEGEN_FULL_FLOAT_TESTS=1`
/// multiplies the random vectors by ten, widens the exhaustive converter sweep to 2^28 and
/// adds the slow synthesis runs (several minutes in all).
enum FloatTestScope {
    static let full = ProcessInfo.processInfo.environment["RCEGEN_FULL_FLOAT_TESTS"] == "1"
    static func count(_ ci: Int) -> Int { full ? 10 * ci : ci }
}

/// The bit pattern a float unit must output for a Swift result: the value's own bits,
/// except that every NaN is the units' one NaN (NaN results compare as "is NaN").
func expectedBits(_ value: Float) -> UInt32 {
    value.isNaN ? Float32Format.canonicalNaN : value.bitPattern
}

func portValue(_ value: Float) -> PortValue { PortValue(unsigned: UInt64(value.bitPattern)) }
func portValue(bits: UInt32) -> PortValue { PortValue(unsigned: UInt64(bits)) }

/// binary32 operands that reach every path of a float unit.
enum FloatStimulus {
    /// ±0, the subnormal extremes, the normal extremes, 1 and its neighbours, ∞, NaNs.
    static let edgeBits: [UInt32] = {
        let magnitudes: [UInt32] = [
            0x0000_0000, 0x0000_0001, 0x0000_0002, 0x0000_0003, 0x0040_0000, 0x007F_FFFF, 0x0080_0000, 0x0080_0001,
            0x00FF_FFFF, 0x0100_0000, 0x3F00_0000, 0x3F7F_FFFF, 0x3F80_0000, 0x3F80_0001, 0x3FC0_0000, 0x3FFF_FFFF,
            0x4000_0000, 0x42FE_0000, 0x5F00_0000, 0x7F00_0000, 0x7F7F_FFFF, 0x7F80_0000, 0x7F80_0001, 0x7FC0_0000,
            0x7FFF_FFFF, 0x2000_0000, 0x1F80_0000, 0x3400_0000, 0x0C00_0000,
        ]
        return magnitudes + magnitudes.map { $0 | 0x8000_0000 }
    }()

    static let edgeExponents: [UInt32] = [0, 1, 2, 3, 24, 25, 26, 100, 125, 126, 127, 128, 129, 150, 200, 252, 253, 254, 255]

    /// One operand from a mix of classes: uniform bit patterns, edge exponents with edge
    /// or random fractions, short significands (products and quotients that are exact or
    /// exactly halfway), subnormals, and the edge list itself.
    static func operand(_ random: inout TestRandom) -> UInt32 {
        let sign = UInt32(random.next() & 1) << 31
        switch random.next() % 8 {
        case 0: return UInt32(truncatingIfNeeded: random.next())
        case 1: return edgeBits[Int(random.next() % UInt64(edgeBits.count))]
        case 2:
            let exponent = edgeExponents[Int(random.next() % UInt64(edgeExponents.count))]
            return sign | exponent << 23 | fraction(&random)
        case 3: return sign | UInt32(random.next() % 0x80_0000)                        // subnormal
        case 4:
            // A significand with few set bits: exact products, and exact halfway cases.
            let kept = 1 + Int(random.next() % 24)
            let significand = (UInt32(1) << 23) | UInt32(truncatingIfNeeded: random.next()) & 0x7F_FFFF
            let trimmed = (significand >> UInt32(24 - kept)) << UInt32(24 - kept)
            return sign | UInt32(1 + random.next() % 254) << 23 | (trimmed & 0x7F_FFFF)
        default: return sign | UInt32(1 + random.next() % 254) << 23 | fraction(&random)
        }
    }

    static func fraction(_ random: inout TestRandom) -> UInt32 {
        switch random.next() % 4 {
        case 0: return [0, 1, 0x40_0000, 0x7F_FFFF, 0x7F_FFFE][Int(random.next() % 5)]
        default: return UInt32(truncatingIfNeeded: random.next()) & 0x7F_FFFF
        }
    }

    /// A pair whose result exponent lands near `target` (a biased exponent, possibly
    /// below 1 or above 254): exercises underflow into subnormals and overflow.
    static func pair(near target: Int, product: Bool, _ random: inout TestRandom) -> (UInt32, UInt32) {
        let first = 1 + Int(random.next() % 254)
        // Product: ea + eb − 127 ≈ target; quotient: ea − eb + 127 ≈ target.
        let second = product ? target + 127 - first : first + 127 - target
        let a = operand(&random) & 0x807F_FFFF | UInt32(first) << 23
        guard (1...254).contains(second) else { return (a, operand(&random)) }
        let b = operand(&random) & 0x807F_FFFF | UInt32(second) << 23
        return (a, b)
    }
}
