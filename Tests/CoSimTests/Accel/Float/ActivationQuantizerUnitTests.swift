import Accel
import CoSim
import Foundation
import Numerics
import Testing

/// Activation vectors that reach every rule of `ActivationQuantizer`.
enum ActivationVectors {
    static func vector(_ kind: Int, length: Int, _ random: inout TestRandom) -> [Float] {
        func typical() -> Float {
            let magnitude = Float(1 + random.next() % 0xFF_FFFF) / Float(1 << 24)
            let value = Float(sign: random.next() & 1 == 0 ? .plus : .minus, exponent: Int(random.next() % 16) - 10, significand: magnitude)
            return random.next() % 16 == 0 ? 0 : value
        }
        var values = (0..<length).map { _ in typical() }
        let position = Int(random.next() % UInt64(length))
        switch kind % 9 {
        case 0: values = (0..<length).map { _ in random.next() & 1 == 0 ? 0 : -0.0 }                 // all zero
        case 1: values[position] = [Float.infinity, -.infinity, .nan, -.nan, Float(bitPattern: 0x7F80_0001)][Int(random.next() % 5)]
        case 2:
            // Tiny absmax: 127 / absmax overflows (or nearly), zeros among the values.
            let scale = Float(bitPattern: UInt32(1 + random.next() % 0x0200_0000))
            values = values.map { $0 == 0 ? 0 : $0 * scale * 1e-30 }
            values[position] = 0
        case 3:
            // absmax = 127 · 2^k makes 127 / absmax exact: (m + 1/2) · 2^k codes to a tie.
            let k = Int(random.next() % 40) - 20
            values = (0..<length).map { _ in Float(sign: random.next() & 1 == 0 ? .plus : .minus, exponent: k,
                                                   significand: Float(random.next() % 127) + 0.5) }
            values[position] = Float(sign: .plus, exponent: k, significand: 127)
        case 4: values = (0..<length).map { _ in Float(bitPattern: FloatStimulus.operand(&random)) }
        case 5: values = values.map { $0 * 1e37 }                                                     // huge, may overflow to ∞
        default: break
        }
        return values
    }
}

extension CoSimulation {
    /// The A8 quantizer against `ActivationQuantizer.quantize`, two passes per vector.
    @Suite("Activation quantizer unit")
    struct ActivationQuantizerUnitTests {
        /// The beats of both passes of `vectors` and one expected record per pass-2 beat.
        static func stimulus(_ vectors: [[Float]], lanes: Int) -> (beats: [[String: PortValue]], expected: [[String: PortValue]]) {
            var beats: [[String: PortValue]] = []
            var expected: [[String: PortValue]] = []
            for values in vectors {
                let quantized = ActivationQuantizer.quantize(values)
                let count = (values.count + lanes - 1) / lanes
                for pass in 0..<2 {
                    for beat in 0..<count {
                        var limbs = [UInt64](repeating: 0, count: (lanes + 1) / 2)
                        var codes = [Int8](repeating: 0, count: lanes)
                        for lane in 0..<lanes where beat * lanes + lane < values.count {
                            limbs[lane / 2] |= UInt64(values[beat * lanes + lane].bitPattern) << UInt64(32 * (lane % 2))
                            codes[lane] = quantized.codes[beat * lanes + lane]
                        }
                        let isLast = beat == count - 1
                        beats.append(["values": PortValue(bits: limbs, width: 32 * lanes, signed: false), "last": isLast ? 1 : 0])
                        if pass == 1 {
                            expected.append(["codes": packedBytes(codes), "scale": portValue(quantized.scale), "codes_last": isLast ? 1 : 0])
                        }
                    }
                }
            }
            return (beats, expected)
        }

        static func model(lanes: Int) throws -> CoSimModel {
            try CoSimModel.build(try ActivationQuantizerUnit(lanes: lanes).module(),
                                 protocol: .valid(inValid: "in_valid", outValid: "out_valid"), reset: .activeLow("rst_n"))
        }

        /// Vectors of 1 to 12 beats (so a new vector's division often overlaps the last
        /// one's codes), of every kind: typical, all zero, with ∞ or NaN, tiny absmax with
        /// zeros, exact ties, any binary32, huge; under random stalls and idles.
        @Test(arguments: [8, 3])
        func vectorsMatchNumericsUnderStallsAndIdles(lanes: Int) throws {
            let model = try Self.model(lanes: lanes)
            var random = TestRandom(state: 0xA8 + UInt64(lanes))
            var vectors: [[Float]] = []
            var beats = 0
            while beats < FloatTestScope.count(150_000) {
                let length = 1 + Int(random.next() % UInt64(12 * lanes))
                vectors.append(ActivationVectors.vector(Int(random.next() % 1_000), length: length, &random))
                beats += 2 * ((length + lanes - 1) / lanes)
            }
            let (inputs, expected) = Self.stimulus(vectors, lanes: lanes)
            let report = try model.run(vectors: inputs, expected: expected,
                                       options: CoSimRunOptions(seed: 101, stallProbability: 0.2, idleProbability: 0.2))
            #expect(report.passed, "\(report)")
            print("ActivationQuantizerUnit lanes \(lanes): \(vectors.count) vectors, \(inputs.count) beats, "
                + "\(report.statistics.cycles) cycles, build \(report.statistics.verilatorBuildSeconds) s")
        }

        /// Every absmax class: one-beat vectors whose absmax takes every exponent field
        /// (0 is zero or subnormal, 255 is ∞ or NaN) with edge and random fractions, the
        /// other lanes below it; back to back, without idles, so every division overlaps.
        @Test func everyAbsmaxExponentBackToBack() throws {
            let lanes = 8
            let model = try Self.model(lanes: lanes)
            var random = TestRandom(state: 0xA8A8)
            var vectors: [[Float]] = []
            for exponent in UInt32(0)...255 {
                for index in 0..<24 {
                    let fraction = index < 5 ? [0, 1, 0x40_0000, 0x7F_FFFF, 0x7F_0000][index] : UInt32(truncatingIfNeeded: random.next()) & 0x7F_FFFF
                    let absmax = Float(bitPattern: exponent << 23 | fraction)
                    var values = (0..<lanes).map { _ in
                        absmax.isFinite ? absmax * Float(random.next() % 1_000) / 999 * (random.next() & 1 == 0 ? 1 : -1) : 0.5
                    }
                    values[Int(random.next() % UInt64(lanes))] = random.next() & 1 == 0 ? absmax : -absmax
                    vectors.append(values)
                }
            }
            let (inputs, expected) = Self.stimulus(vectors, lanes: lanes)
            let report = try model.run(vectors: inputs, expected: expected, options: CoSimRunOptions(seed: 102))
            #expect(report.passed, "\(report)")
            // One beat per cycle: reset, the beats, the pipeline, the 16-cycle watch.
            let unit = try ActivationQuantizerUnit(lanes: lanes)
            let bound = UInt64(CoSimRunOptions().resetCycles + inputs.count + unit.latency + 16 + 2)
            #expect(report.statistics.cycles <= bound, "\(report.statistics.cycles) cycles for \(inputs.count) beats")
        }
    }
}
