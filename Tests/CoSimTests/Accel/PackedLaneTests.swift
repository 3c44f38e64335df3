import Accel
import CoSim
import Numerics
import Testing

extension CoSimulation {
    /// The packed DSP lanes against Numerics, over their whole input spaces, with stalls.
    @Suite("Packed DSP lanes, exhaustive")
    struct PackedLaneTests {
        @Test func sharedOperandPairAllTwoToTheTwentyFourInputs() throws {
            let model = try CoSimModel.build(try SharedOperandLane.module(), protocol: .pipeline(latency: SharedOperandLane.latency))
            let report = try model.runExhaustive(enumerating: ["a", "b", "c"], options: CoSimRunOptions(seed: 11, stallProbability: 0.1)) {
                inputs, outputs in
                let (ac, bc) = SharedOperandPair.multiply(a: inputs[0], b: inputs[1], c: inputs[2])
                outputs[0] = ac
                outputs[1] = bc
            }
            #expect(report.passed, "\(report)")
            #expect(report.actualOutputCount == 1 << 24)
            print("SharedOperandLane 2^24: \(report.statistics.cycles) cycles in \(report.statistics.wallSeconds) s, "
                + "\(Int(report.statistics.cyclesPerSecond)) cycles/s, build \(report.statistics.verilatorBuildSeconds) s")
        }

        /// The classic WP486 bug: without the sign correction of the high field, the
        /// co-simulation must fail, on exactly the cases Numerics says are wrong.
        @Test func laneWithoutSignCorrectionIsCaught() throws {
            let model = try CoSimModel.build(try SharedOperandLane.module(signCorrection: false),
                                             protocol: .pipeline(latency: SharedOperandLane.latency))
            let report = try model.runExhaustive(enumerating: ["a", "b", "c"], options: CoSimRunOptions(seed: 5, stallProbability: 0.1)) {
                inputs, outputs in
                let (ac, bc) = SharedOperandPair.multiply(a: inputs[0], b: inputs[1], c: inputs[2])
                outputs[0] = ac
                outputs[1] = bc
            }
            #expect(!report.passed)
            // b·c < 0 borrows one from the high field: exactly these lanes differ.
            #expect(report.mismatchCount == 8_323_072)
            let first = try #require(report.firstMismatch)
            #expect(first.port == "ac")
            let a = first.inputs[0].value.int64Value!, b = first.inputs[1].value.int64Value!, c = first.inputs[2].value.int64Value!
            #expect(first.expected == PortValue(a * c))
            #expect(first.actual == PortValue(a * c - 1))
            #expect(b * c < 0)
            #expect(report.description.contains("first mismatch"))
        }

        @Test func crossProductAllTwoToTheTwentyInputs() throws {
            let model = try CoSimModel.build(try CrossProductLane.module(), protocol: .pipeline(latency: CrossProductLane.latency))
            let report = try model.runExhaustive(enumerating: ["x1", "x2", "w1", "w2"], options: CoSimRunOptions(seed: 12, stallProbability: 0.2)) {
                inputs, outputs in
                let products = CrossProduct8x2.multiply(x1: inputs[0], x2: inputs[1], w1: inputs[2], w2: inputs[3])
                for index in 0..<4 { outputs[index] = products[index] }
            }
            #expect(report.passed, "\(report)")
            #expect(report.actualOutputCount == 1 << 20)
        }

        @Test func twoTermDotEverySingleGroup() throws {
            let model = try CoSimModel.build(try TwoTermDotLane.module(), protocol: .pipeline(latency: TwoTermDotLane.latency))
            let report = try model.runExhaustive(enumerating: ["x1", "x2", "w1", "w2"], fixed: ["accumulate": 1, "first": 1],
                                                 options: CoSimRunOptions(seed: 13, stallProbability: 0.2)) { inputs, outputs in
                outputs[0] = TwoTermDot.standard.dot([(x1: inputs[0], x2: inputs[1], w1: inputs[2], w2: inputs[3])])
            }
            #expect(report.passed, "\(report)")
            #expect(report.actualOutputCount == 1 << 20)
        }

        /// Running sums of 1 to 32 groups in the DSP's P register, with groups that do not
        /// count (`accumulate` low), extremes, and random stalls.
        @Test func twoTermDotAccumulatesUpToThirtyTwoGroups() throws {
            let model = try CoSimModel.build(try TwoTermDotLane.module(), protocol: .pipeline(latency: TwoTermDotLane.latency))
            var random = TestRandom(state: 21)
            var vectors: [[String: PortValue]] = []
            var expected: [[String: PortValue]] = []
            var counted: [(x1: Int64, x2: Int64, w1: Int64, w2: Int64)] = []
            var extremes = false
            while vectors.count < 200_000 {
                let length = 1 + Int(random.next() % UInt64(TwoTermDotLane.maxAccumulatedGroups))
                extremes.toggle()
                for position in 0..<length {
                    // Every other run is all extremes: the worst case of the field widths.
                    let x1 = extremes ? [-127, 127][Int(random.next() & 1)] : random.signed(bits: 8)
                    let x2 = extremes ? [-127, 127][Int(random.next() & 1)] : random.signed(bits: 8)
                    let w1 = extremes ? -2 : random.signed(bits: 2), w2 = extremes ? -2 : random.signed(bits: 2)
                    let accumulate = position == 0 || random.next() % 8 != 0
                    if position == 0 { counted.removeAll() }
                    if accumulate { counted.append((Int64(x1), Int64(x2), Int64(w1), Int64(w2))) }
                    vectors.append(["x1": PortValue(x1), "x2": PortValue(x2), "w1": PortValue(w1), "w2": PortValue(w2),
                                    "accumulate": accumulate ? 1 : 0, "first": position == 0 ? 1 : 0])
                    expected.append(["dot": PortValue(TwoTermDot.standard.dot(counted))])
                }
            }
            let report = try model.run(vectors: vectors, expected: expected, options: CoSimRunOptions(seed: 22, stallProbability: 0.3))
            #expect(report.passed, "\(report)")
        }
    }
}
