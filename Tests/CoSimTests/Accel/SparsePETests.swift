import Accel
import CoSim
import Numerics
import Testing

/// A random compressed row: valid 2:4 groups, group parameters, activations with extremes.
struct RandomRow {
    var groups: [SparseGroup]
    var parameters: [WeightGroupParameters]
    var activations: [Int8]

    init(columns: Int, groupSize: Int, random: inout TestRandom, extremes: Bool) {
        let sparseGroups = (columns + 3) / 4
        groups = (0..<sparseGroups).map { _ in
            let pair = SparseGroup.patterns[Int(random.next() % 6)]
            let codes = extremes ? (UInt8(0), UInt8(0)) : (UInt8(random.next() & 3), UInt8(random.next() & 3))
            return SparseGroup(firstIndex: pair.0, secondIndex: pair.1, firstCode: codes.0, secondCode: codes.1)!
        }
        parameters = (0..<((columns + groupSize - 1) / groupSize)).map { _ in
            extremes ? WeightGroupParameters(scaleMantissa: WeightQuantizer.maxScaleMantissa, zero: 3)
                : WeightGroupParameters(scaleMantissa: UInt8(1 + random.next() % UInt64(WeightQuantizer.maxScaleMantissa)), zero: UInt8(random.next() & 3))
        }
        activations = (0..<(4 * sparseGroups)).map { column in
            guard column < columns else { return 0 }
            if extremes { return -128 }
            return random.next() % 4 == 0 ? Int8(EdgeValues.int8[Int(random.next() % UInt64(EdgeValues.int8.count))])
                : Int8(random.signed(bits: 8))
        }
    }

    func rowSum(groupSize: Int) -> Int64 {
        activations.withUnsafeBufferPointer {
            SparseDotProduct.rowSum(groups: groups, parameters: parameters, groupSize: groupSize, activations: $0)
        }
    }
}

extension SparsePEBeat {
    /// The beat as the PE's data-input port values.
    var portValues: [String: PortValue] {
        ["activations": packedBytes(activations), "weights": packedBytes(weights.map { Int8(bitPattern: $0) }),
         "zero": PortValue(Int(zero)), "mantissa": PortValue(Int(mantissa)),
         "group_last": groupLast ? 1 : 0, "row_last": rowLast ? 1 : 0]
    }
}

extension CoSimulation {
    @Suite("Sparse PE: rows of a 2:4 W2A8 layer")
    struct SparsePETests {
        /// (lanes, group size): one beat per group (the u280 PE), several beats per group,
        /// and 32 beats per group, the most a lane's DSP accumulator may sum.
        @Test(arguments: [(8, 32), (4, 64), (2, 256)])
        func rowsMatchNumericsUnderStallsAndIdles(lanes: Int, groupSize: Int) throws {
            let pe = try SparsePE(lanes: lanes, maxGroupSize: groupSize, maxColumns: 11_008)
            let model = try CoSimModel.build(try pe.module(), protocol: .valid(inValid: "in_valid", outValid: "out_valid"),
                                             reset: .activeLow("rst_n"))
            var random = TestRandom(state: UInt64(41 + lanes))
            var vectors: [[String: PortValue]] = []
            var expected: [[String: PortValue]] = []
            // Short last groups (172 = 5·32 + 12, 100), one column group, a Llama-2-7B FFN row.
            let shapes = [172, 100, 4, 64, 300, 11_008]
            for rowIndex in 0..<1_200 {
                let columns = rowIndex % 97 == 0 ? 11_008 : shapes[rowIndex % (shapes.count - 1)]
                let row = RandomRow(columns: columns, groupSize: groupSize, random: &random, extremes: rowIndex % 50 == 7)
                let beats = try row.activations.withUnsafeBufferPointer {
                    try pe.beats(groups: row.groups[...], parameters: row.parameters[...], groupSize: groupSize, activations: $0)
                }
                vectors.append(contentsOf: beats.map(\.portValues))
                expected.append(["row_sum": PortValue(row.rowSum(groupSize: groupSize))])
            }
            let report = try model.run(vectors: vectors, expected: expected,
                                       options: CoSimRunOptions(seed: 43, stallProbability: 0.2, idleProbability: 0.2))
            #expect(report.passed, "\(report)")
            print("SparsePE lanes \(lanes) group \(groupSize): \(vectors.count) beats, \(expected.count) rows, "
                + "\(report.statistics.cycles) cycles, \(Int(report.statistics.cyclesPerSecond)) cycles/s, "
                + "build \(report.statistics.verilatorBuildSeconds) s")
        }

        /// Without stalls or idles the PE takes one beat per cycle: a row of B beats
        /// costs B cycles, plus the pipeline's fill once.
        @Test func oneBeatPerCycleWithoutStalls() throws {
            let pe = try SparsePE(lanes: 8, maxGroupSize: 32, maxColumns: 11_008)
            let model = try CoSimModel.build(try pe.module(), protocol: .valid(inValid: "in_valid", outValid: "out_valid"),
                                             reset: .activeLow("rst_n"))
            var random = TestRandom(state: 51)
            var vectors: [[String: PortValue]] = []
            var expected: [[String: PortValue]] = []
            for _ in 0..<100 {
                let row = RandomRow(columns: 4_096, groupSize: 32, random: &random, extremes: false)
                let beats = try row.activations.withUnsafeBufferPointer {
                    try pe.beats(groups: row.groups[...], parameters: row.parameters[...], groupSize: 32, activations: $0)
                }
                #expect(beats.count == 4_096 / 32)
                vectors.append(contentsOf: beats.map(\.portValues))
                expected.append(["row_sum": PortValue(row.rowSum(groupSize: 32))])
            }
            let report = try model.run(vectors: vectors, expected: expected, options: CoSimRunOptions(seed: 52))
            #expect(report.passed, "\(report)")
            // Reset cycles, one cycle per beat, the pipeline's latency, and the harness's
            // 16-cycle watch for surplus outputs.
            let options = CoSimRunOptions()
            let bound = UInt64(options.resetCycles + vectors.count + SparsePE.latency + 16 + 2)
            #expect(report.statistics.cycles <= bound, "\(report.statistics.cycles) cycles for \(vectors.count) beats")
        }
    }
}
