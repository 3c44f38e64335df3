import Accel
import CoSim
import Numerics
import Testing

/// Packs INT8 values into an unsigned bus, value i at bits `8i +: 8`.
func packedBytes(_ values: [Int8]) -> PortValue {
    var limbs = [UInt64](repeating: 0, count: (values.count + 7) / 8)
    for (index, value) in values.enumerated() {
        limbs[index / 8] |= UInt64(UInt8(bitPattern: value)) << UInt64(8 * (index % 8))
    }
    return PortValue(bits: limbs, width: 8 * values.count, signed: false)
}

extension CoSimulation {
    @Suite("2:4 sparse selector")
    struct SparseSelectorTests {
        /// Every one of the 256 weight bytes in every lane, with random and extreme
        /// activations and stalls. Valid bytes select what `SparseGroup` says; the
        /// selector routes the index bits of the others as they are.
        @Test func everyWeightByteInEveryLane() throws {
            let lanes = 8
            let model = try CoSimModel.build(try SparseSelector.module(lanes: lanes), protocol: .pipeline(latency: SparseSelector.latency))
            var random = TestRandom(state: 31)
            var vectors: [[String: PortValue]] = []
            var expected: [[String: PortValue]] = []
            for round in 0..<64 {
                for byte in 0..<256 {
                    let activations: [Int8] = (0..<(4 * lanes)).map { _ in
                        round % 4 == 0 ? Int8(EdgeValues.int8[Int(random.next() % UInt64(EdgeValues.int8.count))]) : Int8(random.signed(bits: 8))
                    }
                    // Lane l sees byte (byte + 37 l) mod 256, so every lane meets every byte.
                    let bytes = (0..<lanes).map { UInt8((byte + 37 * $0) % 256) }
                    vectors.append(["activations": packedBytes(activations), "weights": packedBytes(bytes.map { Int8(bitPattern: $0) })])
                    var outputs: [String: PortValue] = [:]
                    for lane in 0..<lanes {
                        let group = Array(activations[(4 * lane)..<(4 * lane + 4)])
                        let selection = Self.reference(byte: bytes[lane], activations: group)
                        outputs["x1_\(lane)"] = PortValue(Int(selection.x1))
                        outputs["x2_\(lane)"] = PortValue(Int(selection.x2))
                        outputs["w1_\(lane)"] = PortValue(Int(selection.w1))
                        outputs["w2_\(lane)"] = PortValue(Int(selection.w2))
                    }
                    expected.append(outputs)
                }
            }
            let report = try model.run(vectors: vectors, expected: expected, options: CoSimRunOptions(seed: 32, stallProbability: 0.25))
            #expect(report.passed, "\(report)")
        }

        static func reference(byte: UInt8, activations: [Int8]) -> (x1: Int8, x2: Int8, w1: Int64, w2: Int64) {
            if let group = SparseGroup(byte: byte) {
                let (w1, w2) = group.operands
                return (activations[group.firstIndex], activations[group.secondIndex], w1, w2)
            }
            return (activations[Int(byte & 3)], activations[Int((byte >> 2) & 3)],
                    WeightCode.operand((byte >> 4) & 3), WeightCode.operand(byte >> 6))
        }
    }
}
