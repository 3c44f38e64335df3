import Accel
import CoSim
import Numerics
import Testing

extension CoSimulation {
    /// Rows' real outputs against `SparseDotProduct.output`, at the engine's row-sum width.
    @Suite("Row scale unit")
    struct RowScaleUnitTests {
        /// Row sums over the full width (extremes, every magnitude), realistic scales and
        /// scales of every class (zero, subnormal, huge, ∞, NaN), under stalls and idles.
        @Test func rowsMatchNumericsUnderStallsAndIdles() throws {
            let width = try MatVecEngine(configuration: .standard(for: .u280)).rowSumWidth
            let unit = try RowScaleUnit(rowSumWidth: width)
            let model = try CoSimModel.build(try unit.module(), protocol: .valid(inValid: "in_valid", outValid: "out_valid"),
                                             reset: .activeLow("rst_n"))
            var random = TestRandom(state: 0x5CA1E)
            let high = (Int64(1) << Int64(width - 1)) - 1, low = -high - 1
            var vectors: [[String: PortValue]] = []
            var expected: [[String: PortValue]] = []
            for row in 0..<FloatTestScope.count(600_000) {
                let rowSum: Int64
                switch row % 16 {
                case 0: rowSum = [0, 1, -1, high, low, low + 1, high - 1][Int(random.next() % 7)]
                case 8:
                    // An exact tie of the conversion (24 kept bits and one half), or a neighbour.
                    let shift = 1 + Int(random.next() % UInt64(width - 25))
                    let tie = (Int64((1 << 23) | (random.next() & 0x7F_FFFF)) << Int64(shift)) | (Int64(1) << Int64(shift - 1))
                    rowSum = (random.next() & 1 == 0 ? tie : -tie) + Int64(random.next() % 3) - 1
                default: rowSum = Int64(random.signed(bits: 1 + Int(random.next() % UInt64(width))))
                }
                // A row scale as the compressor stores it (a weight step / 255) and a
                // per-token activation scale (absmax / 127); any binary32 at all; or both
                // 1, where y is the converted row sum itself.
                let rowScale: Float, activationScale: Float
                switch row % 8 {
                case 0: (rowScale, activationScale) = (1, 1)
                case 1, 2: (rowScale, activationScale) = (Float(bitPattern: FloatStimulus.operand(&random)), Float(bitPattern: FloatStimulus.operand(&random)))
                default: (rowScale, activationScale) = (Float(1 + random.next() % 1_000) * 1e-5, Float(1 + random.next() % 10_000) * 3e-4)
                }
                vectors.append(["row_sum": PortValue(rowSum), "row_scale": portValue(rowScale), "activation_scale": portValue(activationScale)])
                let y = SparseDotProduct.output(rowSum: rowSum, rowScale: rowScale, activationScale: activationScale)
                expected.append(["y": portValue(bits: expectedBits(y))])
            }
            let report = try model.run(vectors: vectors, expected: expected,
                                       options: CoSimRunOptions(seed: 91, stallProbability: 0.2, idleProbability: 0.2))
            #expect(report.passed, "\(report)")
        }

        /// Without stalls or idles: one row per cycle, results `latency` cycles behind.
        @Test func oneRowPerCycle() throws {
            let width = try MatVecEngine(configuration: .standard(for: .u280)).rowSumWidth
            let model = try CoSimModel.build(try RowScaleUnit(rowSumWidth: width).module(),
                                             protocol: .valid(inValid: "in_valid", outValid: "out_valid"), reset: .activeLow("rst_n"))
            var random = TestRandom(state: 0x5CA1F)
            var vectors: [[String: PortValue]] = []
            var expected: [[String: PortValue]] = []
            for _ in 0..<10_000 {
                let rowSum = Int64(random.signed(bits: 32))
                let rowScale = Float(bitPattern: FloatStimulus.operand(&random)), activationScale = Float(bitPattern: FloatStimulus.operand(&random))
                vectors.append(["row_sum": PortValue(rowSum), "row_scale": portValue(rowScale), "activation_scale": portValue(activationScale)])
                expected.append(["y": portValue(bits: expectedBits(SparseDotProduct.output(rowSum: rowSum, rowScale: rowScale, activationScale: activationScale)))])
            }
            let report = try model.run(vectors: vectors, expected: expected, options: CoSimRunOptions(seed: 92))
            #expect(report.passed, "\(report)")
            // Reset, one cycle per row, the pipeline, and the harness's 16-cycle watch.
            let bound = UInt64(CoSimRunOptions().resetCycles + vectors.count + RowScaleUnit.latency + 16 + 2)
            #expect(report.statistics.cycles <= bound, "\(report.statistics.cycles) cycles for \(vectors.count) rows")
        }
    }
}
