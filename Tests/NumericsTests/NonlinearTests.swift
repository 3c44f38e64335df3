#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Numerics
import Testing

@Suite struct NonlinearTests {
    static func values(_ n: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<n).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: state >> 11) % 2_000_001 - 1_000_000) / 250_000
        }
    }

    @Test func rmsNormFollowsRunCsOrder() {
        let x = Self.values(64, seed: 1), weight = Self.values(64, seed: 2)
        var out = [Float](repeating: 0, count: 64)
        Nonlinear.rmsNorm(x, weight: weight, count: 64, epsilon: 1e-5, into: &out)
        var ss: Float = 0
        for v in x { ss += v * v }
        ss /= 64
        ss += 1e-5
        ss = 1 / sqrtf(ss)
        #expect(out == (0..<64).map { weight[$0] * (ss * x[$0]) })
        // The normalized vector has unit RMS.
        var unit = [Float](repeating: 0, count: 64)
        Nonlinear.rmsNorm(x, weight: [Float](repeating: 1, count: 64), count: 64, epsilon: 0, into: &unit)
        #expect(abs(unit.reduce(0) { $0 + $1 * $1 } / 64 - 1) < 1e-5)
    }

    @Test func softmaxIsADistributionInvariantToShifts() {
        var x = Self.values(37, seed: 3)
        var shifted = x.map { $0 + 64 }
        Nonlinear.softmax(&x, count: 37)
        Nonlinear.softmax(&shifted, count: 37)
        #expect(abs(x.reduce(0, +) - 1) < 1e-6)
        #expect(x.allSatisfy { $0 > 0 })
        for i in 0..<37 { #expect(abs(x[i] - shifted[i]) < 1e-4 * x[i] + 1e-7) }
        var one: [Float] = [-3]
        Nonlinear.softmax(&one, count: 1)
        #expect(one == [1])
    }

    @Test func swiGLUIsSiLUTimesUp() {
        #expect(Nonlinear.silu(0) == 0)
        #expect(abs(Nonlinear.silu(20) - 20) < 1e-5)
        #expect(abs(Nonlinear.silu(-20)) < 1e-6)
        for g in Self.values(50, seed: 4) {
            #expect(Nonlinear.swiGLU(gate: g, up: 1.5) == (g * (1 / (1 + expf(-g)))) * 1.5)
        }
    }

    @Test func ropeFrequenciesAreRunCsPerElementFormula() {
        for headSize in [8, 64, 128] {
            let rope = RotaryEmbedding(headSize: headSize, theta: 10000)
            for i in stride(from: 0, to: headSize, by: 2) {
                #expect(rope.frequencies[i / 2] == 1 / powf(10000, Float(i % headSize) / Float(headSize)))
            }
        }
    }

    @Test func ropeDotProductsDependOnlyOnRelativePosition() {
        let rope = RotaryEmbedding(headSize: 8, theta: 10000)
        let q = Self.values(16, seed: 5), k = Self.values(16, seed: 6)
        func rotated(_ v: [Float], _ position: Int) -> [Float] {
            var out = v, cosines = [Float](repeating: 0, count: 4), sines = [Float](repeating: 0, count: 4)
            rope.angles(position: position, cosines: &cosines, sines: &sines)
            rope.rotate(&out, heads: 2, cosines: cosines, sines: sines)
            return out
        }
        #expect(rotated(q, 0) == q)
        func dot(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let reference = dot(rotated(q, 7), rotated(k, 3))
        #expect(abs(dot(rotated(q, 40), rotated(k, 36)) - reference) < 1e-3)
        #expect(abs(dot(rotated(q, 7), rotated(k, 7)) - reference) > 1e-3)
        // Rotation keeps each pair's length.
        let r = rotated(q, 123)
        for i in stride(from: 0, to: 16, by: 2) {
            #expect(abs((r[i] * r[i] + r[i + 1] * r[i + 1]) - (q[i] * q[i] + q[i + 1] * q[i + 1])) < 1e-4)
        }
    }
}
