import Accel
import CoSim
import Numerics
import Testing

extension CoSimulation {
    /// The pipelined binary32 divider against Swift's own `Float / Float`.
    @Suite("Float32 divider")
    struct Float32DividerTests {
        static let model = Result { () throws -> CoSimModel in
            try CoSimModel.build(try Float32Divider.module(), protocol: .pipeline(latency: Float32Divider.latency))
        }

        static func run(_ pairs: [(UInt32, UInt32)], seed: UInt64) throws -> CoSimReport {
            try model.get().run(
                vectors: pairs.map { ["a": portValue(bits: $0.0), "b": portValue(bits: $0.1)] },
                expected: pairs.map { ["q": portValue(bits: expectedBits(Float(bitPattern: $0.0) / Float(bitPattern: $0.1)))] },
                options: CoSimRunOptions(seed: seed, stallProbability: 0.2))
        }

        /// Edge pairs, every pair of exponent fields, random operands of every class, and
        /// quotients around underflow and overflow.
        @Test func edgesExponentPairsAndRandomOperands() throws {
            var random = TestRandom(state: 0xD1_0001)
            var pairs: [(UInt32, UInt32)] = []
            for a in FloatStimulus.edgeBits { for b in FloatStimulus.edgeBits { pairs.append((a, b)) } }
            for ea in UInt32(0)...255 {
                for eb in UInt32(0)...255 {
                    pairs.append((UInt32(random.next() & 1) << 31 | ea << 23 | FloatStimulus.fraction(&random),
                                  UInt32(random.next() & 1) << 31 | eb << 23 | FloatStimulus.fraction(&random)))
                }
            }
            for _ in 0..<FloatTestScope.count(600_000) { pairs.append((FloatStimulus.operand(&random), FloatStimulus.operand(&random))) }
            for _ in 0..<FloatTestScope.count(200_000) {
                let target = random.next() % 2 == 0 ? -28 + Int(random.next() % 32) : 250 + Int(random.next() % 8)
                pairs.append(FloatStimulus.pair(near: target, product: false, &random))
            }
            let report = try Self.run(pairs, seed: 81)
            #expect(report.passed, "\(report)")
            print("Float32Divider: \(pairs.count) quotients, \(report.statistics.cycles) cycles in \(report.statistics.wallSeconds) s")
        }

        /// The two divisions the activation quantizer makes, 127 / absmax and absmax / 127,
        /// for every exponent field of absmax with edge and random fractions.
        @Test func quantizerDivisionsForEveryAbsmaxExponent() throws {
            var random = TestRandom(state: 0xD1_0002)
            let maxCode = Float(ActivationQuantizer.maxCode).bitPattern
            var pairs: [(UInt32, UInt32)] = []
            for exponent in UInt32(0)...255 {
                for index in 0..<64 {
                    let fraction = index < 5 ? [0, 1, 0x40_0000, 0x7F_FFFF, 0x7F_0000][index] : UInt32(truncatingIfNeeded: random.next()) & 0x7F_FFFF
                    let absmax = exponent << 23 | fraction
                    pairs += [(maxCode, absmax), (absmax, maxCode)]
                }
            }
            let report = try Self.run(pairs, seed: 82)
            #expect(report.passed, "\(report)")
        }
    }
}
