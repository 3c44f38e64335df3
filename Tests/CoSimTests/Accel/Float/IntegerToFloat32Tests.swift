import Accel
import CoSim
import Testing

extension CoSimulation {
    /// Signed integer to binary32 against Swift's `Float(Int64)`.
    @Suite("Integer to Float32")
    struct IntegerToFloat32Tests {
        static func model(width: Int) throws -> CoSimModel {
            try CoSimModel.build(try IntegerToFloat32(width: width).module(), protocol: .pipeline(latency: IntegerToFloat32.latency))
        }

        /// All 2^26 inputs of a 26-bit converter (2^28 of a 28-bit one in the full scope):
        /// every magnitude up to 2^25, so every odd value above 2^24 is an exact tie (to
        /// even); at 28 bits also every guard/sticky combination. Under random stalls.
        @Test func everyIntegerOfANarrowConverter() throws {
            let width = FloatTestScope.full ? 28 : 26
            let report = try Self.model(width: width).runExhaustive(enumerating: ["x"], options: CoSimRunOptions(seed: 71, stallProbability: 0.1)) {
                inputs, outputs in
                outputs[0] = Int64(Float(inputs[0]).bitPattern)
            }
            #expect(report.passed, "\(report)")
            #expect(report.actualOutputCount == 1 << width)
            print("IntegerToFloat32 w\(width) exhaustive: \(report.statistics.cycles) cycles in \(report.statistics.wallSeconds) s")
        }

        /// 64 bits (and the engine's row-sum width in the full scope; `RowScaleUnitTests`
        /// converts at that width with unit scales in CI): the extremes, every power of two and
        /// its neighbours, exact ties and their neighbours at every rounding position, and
        /// random values of every magnitude.
        @Test(arguments: FloatTestScope.full ? [0, 64] : [64])
        func wideIntegers(requestedWidth: Int) throws {
            let width = requestedWidth == 0 ? try MatVecEngine(configuration: .standard(for: .u280)).rowSumWidth : requestedWidth
            var random = TestRandom(state: 0x1F32_0000 + UInt64(width))
            let low = width == 64 ? Int64.min : -(Int64(1) << Int64(width - 1))
            let high = width == 64 ? Int64.max : (Int64(1) << Int64(width - 1)) - 1
            var values: [Int64] = [0, 1, -1, low, high, low + 1, high - 1]
            for bit in 0..<(width - 1) {
                let power = Int64(1) << Int64(bit)
                values += [power, power - 1, power + 1, -power, -power + 1, -power - 1]
            }
            for shift in 1..<max(1, width - 24) {
                for _ in 0..<64 {
                    // 24 kept bits, then exactly one half below them: a tie.
                    let kept = Int64((1 << 23) | (random.next() & 0x7F_FFFF))
                    let tie = (kept << Int64(shift)) | (Int64(1) << Int64(shift - 1))
                    guard tie <= high else { continue }
                    values += [tie, tie - 1, tie + 1, -tie, -tie + 1, -tie - 1]
                }
            }
            while values.count < FloatTestScope.count(600_000) {
                let bits = 1 + Int(random.next() % UInt64(width))
                values.append(Int64(random.signed(bits: bits)))
            }
            let vectors = values.filter { $0 >= low && $0 <= high }
            let report = try Self.model(width: width).run(
                vectors: vectors.map { ["x": PortValue($0)] },
                expected: vectors.map { ["y": portValue(Float($0))] },
                options: CoSimRunOptions(seed: 72, stallProbability: 0.2))
            #expect(report.passed, "\(report)")
        }
    }
}
