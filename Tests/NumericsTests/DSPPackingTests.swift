import Numerics
import Testing

@Suite struct SharedOperandPairTests {
    @Test func allInt8TriplesMatchPlainProducts() {
        var wrong = 0
        for a in Int64(-128)...127 {
            for b in Int64(-128)...127 {
                for c in Int64(-128)...127 {
                    let (ac, bc) = SharedOperandPair.multiply(a: a, b: b, c: c)
                    if ac != a * c || bc != b * c { wrong += 1 }
                }
            }
        }
        #expect(wrong == 0)
    }

    /// The sign correction is what makes the packing right: dropping it breaks the
    /// 8,323,072 cases where the low product is negative and the high field must borrow.
    @Test func withoutSignCorrectionHighFieldIsWrong() {
        var wrong = 0
        for a in Int64(-128)...127 {
            for b in Int64(-128)...127 {
                for c in Int64(-128)...127 {
                    let p = (a << 18 + b) * c
                    let uncorrected = Bits.signExtend(Bits.field(p, low: 18, width: 30), width: 30)
                    if uncorrected != a * c { wrong += 1 }
                }
            }
        }
        #expect(wrong == 8_323_072)
    }

    @Test func lowFieldHoldsSevenFullRangeProducts() {
        let worst = Int64(-128) * -128
        #expect(Bits.fitsSigned(worst * Int64(SharedOperandPair.maxAccumulatedProducts), width: 18))
        #expect(!Bits.fitsSigned(worst * Int64(SharedOperandPair.maxAccumulatedProducts + 1), width: 18))
    }
}

@Suite struct CrossProduct8x2Tests {
    @Test func allOperandCombinationsMatch() {
        var checked = 0, wrong = 0
        for x1 in Int64(-127)...127 {
            for x2 in Int64(-127)...127 {
                for w1 in Int64(-2)...1 {
                    for w2 in Int64(-2)...1 {
                        let products = CrossProduct8x2.multiply(x1: x1, x2: x2, w1: w1, w2: w2)
                        if products != [x1 * w1, x1 * w2, x2 * w1, x2 * w2] { wrong += 1 }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 1_040_400)
        #expect(wrong == 0)
    }
}

@Suite struct TwoTermDotTests {
    let dot = TwoTermDot.standard

    @Test func singleGroupIsExactForEveryOperand() {
        var wrong = 0
        for x1 in Int64(-127)...127 {
            for x2 in Int64(-127)...127 {
                for w1 in Int64(-2)...1 {
                    for w2 in Int64(-2)...1 where dot.dot([(x1, x2, w1, w2)]) != x1 * w1 + x2 * w2 {
                        wrong += 1
                    }
                }
            }
        }
        #expect(wrong == 0)
    }

    @Test func splitSixteenOverflowsTheBPort() {
        #expect(TwoTermDot.standard.fitsPorts)
        #expect(!TwoTermDot(split: 16).fitsPorts)
        #expect(TwoTermDot.standard.maxAccumulatedGroups == 32)
    }

    /// The worst cases for each field at the accumulation limit, and one past it.
    @Test func accumulationLimitIsTight() {
        let limit = dot.maxAccumulatedGroups
        let extremes: [(Int64, Int64, Int64, Int64)] = [
            (-127, -127, -2, -2), (127, 127, -2, -2), (-127, 127, -2, 1), (127, -127, 1, -2),
            (-127, -127, 1, 1), (127, 127, 1, 1),
        ]
        for group in extremes {
            let groups = Array(repeating: (x1: group.0, x2: group.1, w1: group.2, w2: group.3), count: limit)
            let expected = Int64(limit) * (group.0 * group.2 + group.1 * group.3)
            #expect(dot.dot(groups) == expected)
        }
        let over = Array(repeating: (x1: Int64(-127), x2: Int64(-127), w1: Int64(-2), w2: Int64(-2)), count: limit + 1)
        #expect(dot.dot(over) != Int64(limit + 1) * 508)
    }

    @Test func randomAccumulationsUpToTheLimitAreExact() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let count = Int(rng.next() % UInt64(dot.maxAccumulatedGroups)) + 1
            var groups: [(x1: Int64, x2: Int64, w1: Int64, w2: Int64)] = []
            var expected: Int64 = 0
            for _ in 0..<count {
                let g = (x1: rng.activation(), x2: rng.activation(), w1: rng.weight(), w2: rng.weight())
                groups.append(g)
                expected += g.x1 * g.w1 + g.x2 * g.w2
            }
            #expect(dot.dot(groups) == expected)
        }
    }
}

/// A small deterministic generator for test vectors, biased towards edge values.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func activation() -> Int64 {
        let edges: [Int64] = [-127, 127, -1, 0, 1]
        return next() % 4 == 0 ? edges[Int(next() % 5)] : Int64(next() % 255) - 127
    }
    mutating func weight() -> Int64 { Int64(next() % 4) - 2 }
}
