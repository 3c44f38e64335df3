import Accel
import CoSim
import Numerics
import Testing

/// One matrix as the engine reads it: the `.rce` group and parameter arrays
/// (docs/format.md, kinds 2 and 3), and the matrix itself for the expected row sums.
struct PackedMatrix {
    var rows: Int
    var columns: Int
    var groupSize: Int
    var groups: [SparseGroup]      // rows × ceil(columns / 4)
    var parameters: [WeightGroupParameters]  // rows × ceil(columns / groupSize)

    var sparsePerRow: Int { (columns + 3) / 4 }
    var quantizationGroupsPerRow: Int { (columns + groupSize - 1) / groupSize }

    /// Group array then parameter array, each row on its own 64-byte beat; rows past
    /// `rows` up to `paddedRows` are padding (padding groups, zero parameters: sum 0).
    func image(beats: (groups: Int, parameters: Int), paddedRows: Int? = nil) -> (bytes: [UInt8], parameterOffset: Int) {
        var bytes: [UInt8] = []
        for row in 0..<(paddedRows ?? rows) {
            var line = [UInt8](repeating: SparsePE.paddingGroup.byte, count: beats.groups * 64)
            for j in 0..<sparsePerRow where row < rows { line[j] = groups[row * sparsePerRow + j].byte }
            bytes += line
        }
        let parameterOffset = bytes.count
        for row in 0..<(paddedRows ?? rows) {
            var line = [UInt8](repeating: 0, count: beats.parameters * 64)
            for g in 0..<quantizationGroupsPerRow where row < rows {
                let parameter = parameters[row * quantizationGroupsPerRow + g]
                line[2 * g] = parameter.scaleMantissa
                line[2 * g + 1] = parameter.zero
            }
            bytes += line
        }
        return (bytes, parameterOffset)
    }

    func rowSums(activations: [Int8]) -> [Int64] {
        activations.withUnsafeBufferPointer { x in
            (0..<rows).map { row in
                SparseDotProduct.rowSum(
                    groups: Array(groups[(row * sparsePerRow)..<((row + 1) * sparsePerRow)]),
                    parameters: Array(parameters[(row * quantizationGroupsPerRow)..<((row + 1) * quantizationGroupsPerRow)]),
                    groupSize: groupSize, activations: x)
            }
        }
    }
}

/// Runs one matrix-vector product of a matrix in the `.rce` layout through the engine's
/// Verilator model: `image` is the AXI memory (based at `baseAddress`), the matrix's group
/// and parameter arrays start at the given offsets in it. Port p streams the block of rows
/// `p · rowsPerPort ..< (p + 1) · rowsPerPort` (`rowsPerPort` = rows / ports rounded up; the
/// image must hold that many rows, padded, for every port); padding rows must sum to 0.
func runMatVec(_ model: CoSimModel, engine: MatVecEngine, rows: Int, columns: Int, image: [UInt8],
               groupOffset: Int, parameterOffset: Int, activations: [[Int8]], expected: [[Int64]],
               options: CoSimRunOptions, baseAddress: UInt64 = 0x4000_0000) throws -> CoSimReport {
    let beats = engine.rowBeats(columns: columns)
    let wordColumns = engine.columnsPerActivationWord
    let words = (columns + wordColumns - 1) / wordColumns
    var idle: [String: PortValue] = [
        "op": 0, "act_address": 0, "act_data": 0, "cmd_rows": 0, "cmd_group_beats": 0, "cmd_param_beats": 0,
    ]
    for port in 0..<engine.ports {
        idle["cmd_group_address_\(port)"] = 0
        idle["cmd_param_address_\(port)"] = 0
    }
    if engine.tokens > 1 { idle["act_token"] = 0 }
    var vectors: [[String: PortValue]] = []
    for (token, codes) in activations.enumerated() {
        let padded = Array(codes.prefix(columns)) + [Int8](repeating: 0, count: words * wordColumns - columns)
        for word in 0..<words {
            var vector = idle
            vector["op"] = 1
            if engine.tokens > 1 { vector["act_token"] = PortValue(token) }
            vector["act_address"] = PortValue(word)
            vector["act_data"] = packedBytes(Array(padded[(word * wordColumns)..<((word + 1) * wordColumns)]))
            vectors.append(vector)
        }
    }
    var start = idle
    start["op"] = 2
    let rowsPerPort = (rows + engine.ports - 1) / engine.ports
    start["cmd_rows"] = PortValue(rowsPerPort)
    start["cmd_group_beats"] = PortValue(beats.groups)
    start["cmd_param_beats"] = PortValue(beats.parameters)
    for port in 0..<engine.ports {
        let firstRow = UInt64(port * rowsPerPort)
        start["cmd_group_address_\(port)"] = PortValue(unsigned: baseAddress + UInt64(groupOffset) + firstRow * UInt64(beats.groups * 64))
        start["cmd_param_address_\(port)"] = PortValue(unsigned: baseAddress + UInt64(parameterOffset) + firstRow * UInt64(beats.parameters * 64))
    }
    vectors.append(start)
    var runOptions = options
    runOptions.memories = [AXIMemory(name: "hbm", baseAddress: baseAddress, bytes: image, ports: engine.axiPortNames)]
    let records = (0..<rowsPerPort).map { index in
        var record: [String: PortValue] = [:]
        for port in 0..<engine.ports {
            let row = port * rowsPerPort + index
            for (token, sums) in expected.enumerated() { record["row_sum_p\(port)_t\(token)"] = PortValue(row < rows ? sums[row] : 0) }
        }
        return record
    }
    return try model.run(vectors: vectors, expected: records, options: runOptions)
}

/// The same for a matrix built in the test, laid out as `.rce` stores it.
func runMatVec(_ model: CoSimModel, engine: MatVecEngine, matrix: PackedMatrix, activations: [[Int8]],
               options: CoSimRunOptions) throws -> CoSimReport {
    let paddedRows = (matrix.rows + engine.ports - 1) / engine.ports * engine.ports
    let (bytes, parameterOffset) = matrix.image(beats: engine.rowBeats(columns: matrix.columns), paddedRows: paddedRows)
    let expected = activations.map { codes in
        matrix.rowSums(activations: codes + [Int8](repeating: 0, count: 4 * matrix.sparsePerRow - codes.count))
    }
    return try runMatVec(model, engine: engine, rows: matrix.rows, columns: matrix.columns, image: bytes, groupOffset: 0,
                         parameterOffset: parameterOffset, activations: activations, expected: expected, options: options)
}

extension CoSimModel {
    /// The u280 matrix-vector engine with its AXI read ports on the memory model.
    static func matVecEngine(_ engine: MatVecEngine) throws -> CoSimModel {
        var design = try DesignUnderTest(module: try engine.module(), reset: .activeLow("rst_n"))
        design.axiPorts = engine.axiPortNames.map { AXIMasterPort($0, access: .read, dataWidth: engine.reader.bus.dataWidth) }
        return try CoSimModel.build(design, protocol: .valid(inValid: "in_valid", outValid: "out_valid"))
    }
}

extension CoSimulation {
    @Suite("Matrix-vector engine: packed rows streamed over AXI")
    struct MatVecEngineTests {
        static let engine = Result { try MatVecEngine(configuration: .standard(for: .u280)) }
        static let prefillEngine = Result { try MatVecEngine(configuration: .standard(for: .u280), tokens: 2) }

        static func randomMatrix(rows: Int, columns: Int, random: inout TestRandom) -> PackedMatrix {
            var groups: [SparseGroup] = []
            var parameters: [WeightGroupParameters] = []
            for _ in 0..<rows {
                groups += RandomRow(columns: columns, groupSize: 32, random: &random, extremes: false).groups
                parameters += (0..<((columns + 31) / 32)).map { _ in
                    WeightGroupParameters(scaleMantissa: UInt8(1 + random.next() % 255), zero: UInt8(random.next() & 3))
                }
            }
            return PackedMatrix(rows: rows, columns: columns, groupSize: 32, groups: groups, parameters: parameters)
        }

        /// Shapes of stories260K (64, 172 inputs), one beat exactly (256), rows spanning many
        /// beats and several parameter beats (1,000; 4,096), under AXI latency, ready gaps,
        /// R gaps, clock-enable stalls and idle command cycles.
        @Test(arguments: [(64, 64), (64, 172), (32, 256), (24, 1_000), (8, 4_096)])
        func randomMatricesUnderBackpressure(rows: Int, columns: Int) throws {
            let engine = try Self.engine.get()
            let model = try CoSimModel.matVecEngine(engine)
            var random = TestRandom(state: UInt64(rows * 7919 + columns))
            let matrix = Self.randomMatrix(rows: rows, columns: columns, random: &random)
            let activations = [(0..<columns).map { _ in Int8(max(-127, random.signed(bits: 8))) }]
            let options = CoSimRunOptions(seed: UInt64(columns), stallProbability: 0.15, idleProbability: 0.2,
                                          axiTiming: AXITiming(readLatency: 5 ... 40, arreadyLowProbability: 0.3, readGapProbability: 0.2))
            let report = try runMatVec(model, engine: engine, matrix: matrix, activations: activations, options: options)
            #expect(report.passed, "\(report)")
        }

        /// Prefill: two tokens share every weight beat; each gets its own exact row sums.
        @Test(arguments: [(64, 172), (16, 1_000)])
        func twoTokensShareEachWeightBeat(rows: Int, columns: Int) throws {
            let engine = try Self.prefillEngine.get()
            let model = try CoSimModel.matVecEngine(engine)
            var random = TestRandom(state: UInt64(rows + columns))
            let matrix = Self.randomMatrix(rows: rows, columns: columns, random: &random)
            let activations = (0..<2).map { _ in (0..<columns).map { _ in Int8(max(-127, random.signed(bits: 8))) } }
            let options = CoSimRunOptions(seed: 3, stallProbability: 0.15, idleProbability: 0.2,
                                          axiTiming: AXITiming(readLatency: 5 ... 40, arreadyLowProbability: 0.3, readGapProbability: 0.2))
            let report = try runMatVec(model, engine: engine, matrix: matrix, activations: activations, options: options)
            #expect(report.passed, "\(report)")
        }

        /// Four ports (decode) and two (prefill) in lockstep, sharing one activation memory: each port streams
        /// its block of rows (the last blocks zero-padded when the rows do not split evenly),
        /// each port's memory with its own latency, gaps and ready pattern.
        @Test(arguments: [(4, 1, 9, 1_000), (2, 2, 41, 300)])
        func portsInLockstepShareTheActivations(ports: Int, tokens: Int, rows: Int, columns: Int) throws {
            let engine = try MatVecEngine(configuration: .standard(for: .u280), tokens: tokens, ports: ports)
            let model = try CoSimModel.matVecEngine(engine)
            var random = TestRandom(state: UInt64(ports * 1_000 + rows))
            let matrix = Self.randomMatrix(rows: rows, columns: columns, random: &random)
            let activations = (0..<tokens).map { _ in (0..<columns).map { _ in Int8(max(-127, random.signed(bits: 8))) } }
            var options = CoSimRunOptions(seed: UInt64(rows), stallProbability: 0.1, idleProbability: 0.2,
                                          axiTiming: AXITiming(readLatency: 5 ... 40, arreadyLowProbability: 0.3, readGapProbability: 0.2))
            for (index, port) in engine.axiPortNames.enumerated() where index % 3 == 1 {
                options.axiTimingByPort[port] = AXITiming(readLatency: 30 ... 60, readGapProbability: 0.05)
            }
            let report = try runMatVec(model, engine: engine, matrix: matrix, activations: activations, options: options)
            #expect(report.passed, "\(report)")
        }

        /// With a memory that never stalls, the group port delivers close to one beat per
        /// cycle: the engine's share of the port's peak bandwidth.
        @Test func groupPortRunsNearOneBeatPerCycleWithoutStalls() throws {
            let engine = try Self.engine.get()
            let model = try CoSimModel.matVecEngine(engine)
            var random = TestRandom(state: 99)
            let matrix = Self.randomMatrix(rows: 64, columns: 4_096, random: &random)
            let activations = [(0..<4_096).map { _ in Int8(truncatingIfNeeded: random.signed(bits: 7)) }]
            let report = try runMatVec(model, engine: engine, matrix: matrix, activations: activations,
                                       options: CoSimRunOptions(seed: 5, axiTiming: AXITiming(readLatency: 20 ... 20)))
            #expect(report.passed, "\(report)")
            let groups = try #require(report.axiStatistics("m_axi_groups0"))
            let rate = try #require(groups.readBeatsPerCycle)
            print("MatVecEngine 64×4096: \(groups.readBeats) group beats at \(rate) beats/cycle, \(report.statistics.cycles) cycles")
            #expect(groups.readBeats == UInt64(64 * 16))
            #expect(rate > 0.9, "group beats per cycle \(rate)")
        }
    }
}

extension CoSimulation.MatVecEngineTests {
    /// `PerformanceModel.matVecCycles` against Verilator: with a memory of fixed latency
    /// that never stalls, the cycles from the start command to the last row sum.
    @Test func performanceModelMatchesMeasuredCycles() throws {
        let engine = try Self.engine.get()
        let model = try CoSimModel.matVecEngine(engine)
        let performance = try PerformanceModel(configuration: .standard(for: .u280))
        for (latency, rows, columns) in [(20, 64, 64), (20, 64, 172), (45, 172, 64), (20, 8, 4_096), (45, 32, 1_000), (20, 16, 11_008)] {
            var random = TestRandom(state: UInt64(rows * columns))
            let matrix = Self.randomMatrix(rows: rows, columns: columns, random: &random)
            let activations = [(0..<columns).map { _ in Int8(max(-127, random.signed(bits: 8))) }]
            let options = CoSimRunOptions(seed: 1, axiTiming: AXITiming(readLatency: latency ... latency))
            let report = try runMatVec(model, engine: engine, matrix: matrix, activations: activations, options: options)
            #expect(report.passed, "\(report)")
            // Harness cycles: reset, one cycle per activation word and the start command,
            // the matrix, then 16 cycles watching for surplus outputs.
            let words = (columns + engine.columnsPerActivationWord - 1) / engine.columnsPerActivationWord
            let measured = Int(report.statistics.cycles) - options.resetCycles - words - 16
            let predicted = performance.matVecCycles(rows: rows, columns: columns, readLatency: latency)
            print("MatVecEngine \(rows)×\(columns), read latency \(latency): measured \(measured) cycles, model \(predicted)")
            #expect(abs(Double(predicted - measured)) <= 0.02 * Double(measured), "\(rows)×\(columns): model \(predicted), measured \(measured)")
        }
    }
}
