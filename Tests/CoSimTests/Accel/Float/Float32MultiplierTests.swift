import Accel
import CoSim
import Testing

extension CoSimulation {
    /// The binary32 multiplier against Swift's own `Float * Float`.
    @Suite("Float32 multiplier")
    struct Float32MultiplierTests {
        static let model = Result { () throws -> CoSimModel in
            try CoSimModel.build(try Float32Multiplier.module(), protocol: .pipeline(latency: Float32Multiplier.latency))
        }

        static func vector(_ a: UInt32, _ b: UInt32) -> (inputs: [String: PortValue], expected: [String: PortValue]) {
            let product = Float(bitPattern: a) * Float(bitPattern: b)
            return (["a": portValue(bits: a), "b": portValue(bits: b)], ["p": portValue(bits: expectedBits(product))])
        }

        static func run(_ pairs: [(UInt32, UInt32)], seed: UInt64, stallProbability: Double) throws -> CoSimReport {
            let vectors = pairs.map { vector($0.0, $0.1) }
            return try model.get().run(vectors: vectors.map(\.inputs), expected: vectors.map(\.expected),
                                       options: CoSimRunOptions(seed: seed, stallProbability: stallProbability))
        }

        /// Every pair of edge values (±0, subnormal and normal extremes, ∞, NaNs), and
        /// every pair of exponent fields (all 65,536) with random signs and fractions.
        @Test func edgePairsAndEveryExponentPair() throws {
            var random = TestRandom(state: 0xF32_0001)
            var pairs: [(UInt32, UInt32)] = []
            for a in FloatStimulus.edgeBits { for b in FloatStimulus.edgeBits { pairs.append((a, b)) } }
            for ea in UInt32(0)...255 {
                for eb in UInt32(0)...255 {
                    let a = UInt32(random.next() & 1) << 31 | ea << 23 | FloatStimulus.fraction(&random)
                    let b = UInt32(random.next() & 1) << 31 | eb << 23 | FloatStimulus.fraction(&random)
                    pairs.append((a, b))
                }
            }
            let report = try Self.run(pairs, seed: 61, stallProbability: 0.2)
            #expect(report.passed, "\(report)")
        }

        /// Random operands from every class, and pairs whose products land around the
        /// subnormal range (gradual underflow, rounding up into the smallest normal) and
        /// around overflow (rounding up into infinity), under random stalls.
        @Test func randomOperandsAroundUnderflowAndOverflow() throws {
            var random = TestRandom(state: 0xF32_0002)
            var pairs: [(UInt32, UInt32)] = []
            for _ in 0..<FloatTestScope.count(1_200_000) { pairs.append((FloatStimulus.operand(&random), FloatStimulus.operand(&random))) }
            for _ in 0..<FloatTestScope.count(400_000) {
                let target = random.next() % 2 == 0 ? -28 + Int(random.next() % 32) : 250 + Int(random.next() % 8)
                pairs.append(FloatStimulus.pair(near: target, product: true, &random))
            }
            let report = try Self.run(pairs, seed: 62, stallProbability: 0.2)
            #expect(report.passed, "\(report)")
            print("Float32Multiplier: \(pairs.count) products, \(report.statistics.cycles) cycles in \(report.statistics.wallSeconds) s, "
                + "build \(report.statistics.verilatorBuildSeconds) s")
        }
    }
}
