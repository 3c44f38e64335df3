import Accel
import CoSim
import Numerics
import Testing

/// One matrix as the engine reads it: the `.rce` group, parameter and row-scale arrays
/// (docs/format.md, kinds 2, 3 and 4), and the matrix itself for the expected results.
struct PackedMatrix {
    var rows: Int
    var columns: Int
    var groupSize: Int
    var groups: [SparseGroup]      // rows × ceil(columns / 4)
    var parameters: [WeightGroupParameters]  // rows × ceil(columns / groupSize)
    var rowScales: [Float]

    var sparsePerRow: Int { (columns + 3) / 4 }
    var quantizationGroupsPerRow: Int { (columns + groupSize - 1) / groupSize }

    /// Group stream (`SparseGroupStream` rows, 56 bytes per unit), parameter array (each
    /// row on its own 64-byte beats), row scales, each array at a beat; rows past `rows` up
    /// to `paddedRows` are padding (padding groups, zero parameters, scale 1: result 0).
    func image(parameterBeats: Int, paddedRows: Int) -> (bytes: [UInt8], parameterOffset: Int, scaleOffset: Int) {
        var bytes: [UInt8] = []
        for row in 0..<paddedRows {
            bytes += SparseGroupStream.packRow(row < rows ? groups[(row * sparsePerRow)..<((row + 1) * sparsePerRow)] : [], columns: columns)
        }
        bytes += [UInt8](repeating: 0, count: (64 - bytes.count % 64) % 64)
        let parameterOffset = bytes.count
        for row in 0..<paddedRows {
            var line = [UInt8](repeating: 0, count: parameterBeats * 64)
            for g in 0..<quantizationGroupsPerRow where row < rows {
                line[g] = parameters[row * quantizationGroupsPerRow + g].byte
            }
            bytes += line
        }
        let scaleOffset = bytes.count
        for row in 0..<paddedRows {
            let bits = (row < rows ? rowScales[row] : 1).bitPattern
            bytes += (0..<4).map { UInt8(truncatingIfNeeded: bits >> (8 * $0)) }
        }
        bytes += [UInt8](repeating: 0, count: (64 - bytes.count % 64) % 64)
        return (bytes, parameterOffset, scaleOffset)
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

/// Where one matrix lies in the AXI memory image (byte offsets from its base).
struct MatrixPlacement {
    var groups: Int
    var parameters: Int
    var rowScales: Int
}

/// A co-simulation run of the engine and what the check of its memory found.
struct MatVecRun: CustomStringConvertible {
    var report: CoSimReport
    var problems: [String]
    var passed: Bool { report.passed && problems.isEmpty }

    /// Cycles from the start command to the results in memory: the harness's count less
    /// the reset, one cycle per activation word written (the start cycle stays in), and
    /// the 16 cycles it watches for surplus outputs.
    func engineCycles(engine: MatVecEngine, columns: Int, options: CoSimRunOptions) -> Int {
        let words = (columns + engine.columnsPerActivationWord - 1) / engine.columnsPerActivationWord
        return Int(report.statistics.cycles) - options.resetCycles - engine.tokens * words - 16
    }
    var description: String { problems.isEmpty ? "\(report)" : "\(problems.joined(separator: "\n"))\n\(report)" }
}

/// A token's A8 input: codes and the scale of code 1.
struct TokenActivations {
    var codes: [Int8]
    var scale: Float
}

/// Runs one matrix product through the engine's Verilator model and checks every result
/// in memory: `image` is the AXI memory (based at `baseAddress`), the matrix's arrays
/// start at `placement`. Port p streams rows `p · n ..< (p + 1) · n` (n = rows / ports
/// rounded up; the image must hold that many rows, padded, for every port) and writes
/// its `n × tokens` fp32 results to its own region after the image. Every result must be
/// `SparseDotProduct.output` of the expected row sum, bit for bit; the bytes around
/// the results must stay untouched.
func runMatVec(_ model: CoSimModel, engine: MatVecEngine, rows: Int, columns: Int, image: [UInt8], placement: MatrixPlacement,
               rowScales: [Float], activations: [TokenActivations], expectedRowSums: [[Int64]],
               options: CoSimRunOptions, baseAddress: UInt64 = 0x4000_0000) throws -> MatVecRun {
    let shape = engine.rowUnits(columns: columns)
    let wordColumns = engine.columnsPerActivationWord
    let words = (columns + wordColumns - 1) / wordColumns
    let ports = engine.ports, tokens = engine.tokens
    let rowsPerPort = (rows + ports - 1) / ports
    let resultBytesPerPort = (rowsPerPort * tokens * 4 + 63) / 64 * 64
    let resultBase = (image.count + 63) / 64 * 64 + 64
    var idle: [String: PortValue] = [
        "op": 0, "act_address": 0, "act_data": 0, "cmd_rows": 0, "cmd_row_units": 0, "cmd_param_beats": 0,
    ]
    for port in 0..<ports {
        for field in ["group", "param", "scale", "out"] { idle["cmd_\(field)_address_\(port)"] = 0 }
        idle["cmd_scale_skip_\(port)"] = 0
    }
    for token in 0..<tokens { idle["cmd_activation_scale_\(token)"] = 0 }
    if tokens > 1 { idle["act_token"] = 0 }
    var vectors: [[String: PortValue]] = []
    for (token, input) in activations.enumerated() {
        let padded = Array(input.codes.prefix(columns)) + [Int8](repeating: 0, count: words * wordColumns - min(columns, input.codes.count))
        for word in 0..<words {
            var vector = idle
            vector["op"] = 1
            if tokens > 1 { vector["act_token"] = PortValue(token) }
            vector["act_address"] = PortValue(word)
            vector["act_data"] = packedBytes(Array(padded[(word * wordColumns)..<((word + 1) * wordColumns)]))
            vectors.append(vector)
        }
    }
    var start = idle
    start["op"] = 2
    start["cmd_rows"] = PortValue(rowsPerPort)
    start["cmd_row_units"] = PortValue(shape.units)
    start["cmd_param_beats"] = PortValue(shape.parameterBeats)
    for (token, input) in activations.enumerated() { start["cmd_activation_scale_\(token)"] = PortValue(Int(input.scale.bitPattern)) }
    for port in 0..<ports {
        let firstRow = port * rowsPerPort
        start["cmd_group_address_\(port)"] = PortValue(unsigned: baseAddress + UInt64(placement.groups + firstRow * SparseGroupStream.rowBytes(columns: columns)))
        start["cmd_param_address_\(port)"] = PortValue(unsigned: baseAddress + UInt64(placement.parameters + firstRow * shape.parameterBeats * 64))
        let scaleAt = placement.rowScales + 4 * firstRow
        start["cmd_scale_address_\(port)"] = PortValue(unsigned: baseAddress + UInt64(scaleAt / 64 * 64))
        start["cmd_scale_skip_\(port)"] = PortValue(scaleAt % 64 / 4)
        start["cmd_out_address_\(port)"] = PortValue(unsigned: baseAddress + UInt64(resultBase + port * resultBytesPerPort))
    }
    vectors.append(start)
    let sentinel: UInt8 = 0x5A
    let memory = image + [UInt8](repeating: sentinel, count: resultBase - image.count + ports * resultBytesPerPort + 64)
    var runOptions = options
    runOptions.memories = [AXIMemory(name: "hbm", baseAddress: baseAddress, bytes: memory, ports: engine.axiPortNames)]
    let report = try model.run(vectors: vectors, expected: [["rows_done": PortValue(rowsPerPort)]], options: runOptions)
    guard report.passed, let written = report.memories["hbm"] else { return MatVecRun(report: report, problems: []) }

    // The results, bit for bit, and nothing written outside them.
    var problems: [String] = []
    for port in 0..<ports {
        for index in 0..<rowsPerPort {
            let row = port * rowsPerPort + index
            for token in 0..<tokens {
                let at = resultBase + port * resultBytesPerPort + 4 * (index * tokens + token)
                let bits = (0..<4).reduce(UInt32(0)) { $0 | UInt32(written[at + $1]) << (8 * $1) }
                guard row < rows else { continue }
                let expected = SparseDotProduct.output(rowSum: expectedRowSums[token][row], rowScale: rowScales[row], activationScale: activations[token].scale)
                if bits != expected.bitPattern, problems.count < 10 {
                    problems.append("port \(port) row \(row) token \(token): 0x\(String(bits, radix: 16)) != \(expected) (0x\(String(expected.bitPattern, radix: 16)))")
                }
            }
        }
        let used = rowsPerPort * tokens * 4
        let untouched = written[(resultBase + port * resultBytesPerPort + used)..<(resultBase + (port + 1) * resultBytesPerPort)]
        if untouched.contains(where: { $0 != sentinel }) { problems.append("port \(port) wrote past its \(used) result bytes") }
    }
    if written[..<image.count] != image[...] { problems.append("the weight image was overwritten") }
    return MatVecRun(report: report, problems: problems)
}

/// The same for a matrix built in the test, laid out as `.rce` stores it.
func runMatVec(_ model: CoSimModel, engine: MatVecEngine, matrix: PackedMatrix, activations: [TokenActivations],
               options: CoSimRunOptions) throws -> MatVecRun {
    let paddedRows = (matrix.rows + engine.ports - 1) / engine.ports * engine.ports
    let (bytes, parameterOffset, scaleOffset) = matrix.image(parameterBeats: engine.rowUnits(columns: matrix.columns).parameterBeats, paddedRows: paddedRows)
    let expected = activations.map { input in
        matrix.rowSums(activations: input.codes + [Int8](repeating: 0, count: 4 * matrix.sparsePerRow - input.codes.count))
    }
    return try runMatVec(model, engine: engine, rows: matrix.rows, columns: matrix.columns, image: bytes,
                         placement: MatrixPlacement(groups: 0, parameters: parameterOffset, rowScales: scaleOffset),
                         rowScales: matrix.rowScales, activations: activations, expectedRowSums: expected, options: options)
}

extension CoSimModel {
    /// The matrix engine with its AXI ports on the memory model.
    static func matVecEngine(_ engine: MatVecEngine) throws -> CoSimModel {
        var design = try DesignUnderTest(module: try engine.module(), reset: .activeLow("rst_n"))
        design.axiPorts = engine.axiPortNames.map {
            AXIMasterPort($0, access: .readWrite, dataWidth: engine.reader.bus.dataWidth, idWidth: engine.port.bus.idWidth)
        }
        return try CoSimModel.build(design, protocol: .valid(inValid: "in_valid", outValid: "out_valid"))
    }
}

extension CoSimulation {
    @Suite("Matrix-vector engine: packed rows streamed over AXI")
    struct MatVecEngineTests {
        static let engine = Result { try MatVecEngine(configuration: .standard(for: .u280)) }
        static let prefillEngine = Result { try MatVecEngine(configuration: .standard(for: .u280), tokens: 2) }

        static func randomMatrix(rows: Int, columns: Int, groupSize: Int = 32, random: inout TestRandom) -> PackedMatrix {
            var groups: [SparseGroup] = []
            var parameters: [WeightGroupParameters] = []
            for _ in 0..<rows {
                groups += RandomRow(columns: columns, groupSize: groupSize, random: &random, extremes: false).groups
                parameters += (0..<((columns + groupSize - 1) / groupSize)).map { _ in
                    WeightGroupParameters(scaleMantissa: UInt8(1 + random.next() % UInt64(WeightQuantizer.maxScaleMantissa)), zero: UInt8(random.next() & 3))
                }
            }
            // Row scales as the compressor makes them: small positive binary32 numbers.
            let rowScales = (0..<rows).map { _ in Float(sign: .plus, exponent: -30 + Int(random.next() % 24), significand: 1 + Float(random.next() % 1_000_000) / 1_000_000) }
            return PackedMatrix(rows: rows, columns: columns, groupSize: groupSize, groups: groups, parameters: parameters, rowScales: rowScales)
        }

        static func randomActivations(tokens: Int, columns: Int, random: inout TestRandom) -> [TokenActivations] {
            (0..<tokens).map { _ in
                TokenActivations(codes: (0..<columns).map { _ in Int8(max(-127, random.signed(bits: 8))) },
                                 scale: Float(sign: .plus, exponent: -10 + Int(random.next() % 12), significand: 1 + Float(random.next() % 1_000) / 1_000))
            }
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
            let activations = Self.randomActivations(tokens: 1, columns: columns, random: &random)
            let options = CoSimRunOptions(seed: UInt64(columns), stallProbability: 0.15, idleProbability: 0.2,
                                          axiTiming: AXITiming(readLatency: 5 ... 40, arreadyLowProbability: 0.3, awreadyLowProbability: 0.2,
                                                               wreadyLowProbability: 0.2, readGapProbability: 0.2, writeResponseDelay: 1 ... 20,
                                                               reorderReads: true))
            let report = try runMatVec(model, engine: engine, matrix: matrix, activations: activations, options: options)
            #expect(report.passed, "\(report)")
        }

        /// Larger W2 groups (the `rcegen report --group-size` alternative): g128 on 32-lane
        /// PEs, two per unit, a parameter beat serving 32 units; rows with a short last
        /// group (1,000 = 7 × 128 + 104) and one group (64 columns), on two ports.
        @Test func largerGroupsOnWiderPEs() throws {
            let configuration = AcceleratorConfiguration(target: .u280, peLanes: 32, groupSize: 128, maxColumns: 4_096)
            let engine = try MatVecEngine(configuration: configuration, ports: 2)
            #expect(engine.unitsPerParameterBeat == 32)
            let model = try CoSimModel.matVecEngine(engine)
            for (rows, columns) in [(24, 1_000), (18, 64), (8, 4_096)] {
                var random = TestRandom(state: UInt64(rows * 31 + columns))
                let matrix = Self.randomMatrix(rows: rows, columns: columns, groupSize: 128, random: &random)
                let activations = Self.randomActivations(tokens: 1, columns: columns, random: &random)
                let options = CoSimRunOptions(seed: UInt64(rows), stallProbability: 0.1, idleProbability: 0.2,
                                              axiTiming: AXITiming(readLatency: 5 ... 40, arreadyLowProbability: 0.3, readGapProbability: 0.2,
                                                                   reorderReads: true))
                let run = try runMatVec(model, engine: engine, matrix: matrix, activations: activations, options: options)
                #expect(run.passed, "\(rows)×\(columns): \(run)")
            }
            // The performance model behind `rcegen report --group-size 128`, against this
            // engine with a memory that never stalls.
            let performance = try PerformanceModel(configuration: configuration)
            for (rows, columns) in [(64, 4_096), (16, 1_000)] {
                var random = TestRandom(state: UInt64(rows + columns))
                let matrix = Self.randomMatrix(rows: 2 * rows, columns: columns, groupSize: 128, random: &random)
                let activations = Self.randomActivations(tokens: 1, columns: columns, random: &random)
                let options = CoSimRunOptions(seed: 1, axiTiming: AXITiming(readLatency: 20 ... 20))
                let run = try runMatVec(model, engine: engine, matrix: matrix, activations: activations, options: options)
                #expect(run.passed, "\(run)")
                let measured = run.engineCycles(engine: engine, columns: columns, options: options)
                let predicted = performance.matVecCycles(rows: rows, columns: columns, readLatency: 20)
                print("MatVecEngine g128 \(rows)×\(columns) per port: measured \(measured) cycles, model \(predicted)")
                #expect(abs(Double(predicted - measured)) <= 0.02 * Double(measured), "g128 \(rows)×\(columns): model \(predicted), measured \(measured)")
            }
        }

        /// Prefill: two tokens share every weight beat; each gets its own results.
        @Test(arguments: [(64, 172), (16, 1_000)])
        func twoTokensShareEachWeightBeat(rows: Int, columns: Int) throws {
            let engine = try Self.prefillEngine.get()
            let model = try CoSimModel.matVecEngine(engine)
            var random = TestRandom(state: UInt64(rows + columns))
            let matrix = Self.randomMatrix(rows: rows, columns: columns, random: &random)
            let activations = Self.randomActivations(tokens: 2, columns: columns, random: &random)
            let options = CoSimRunOptions(seed: 3, stallProbability: 0.15, idleProbability: 0.2,
                                          axiTiming: AXITiming(readLatency: 5 ... 40, arreadyLowProbability: 0.3, readGapProbability: 0.2))
            let report = try runMatVec(model, engine: engine, matrix: matrix, activations: activations, options: options)
            #expect(report.passed, "\(report)")
        }

        /// Four ports (decode) and two (prefill) in lockstep, sharing one activation memory:
        /// each port streams its block of rows (the last blocks zero-padded when the rows do
        /// not split evenly), each port's memory with its own latency, gaps and ready pattern.
        /// Blocks of 3, 5 and 2 one-unit rows per port start the four ports' group streams at
        /// every offset into a beat (`SparseGroupDecoder` phases 0 3 6 1, 0 5 2 7, 0 2 4 6).
        @Test(arguments: [(4, 1, [12, 20, 7], 172), (2, 2, [41], 300)])
        func portsInLockstepShareTheActivations(ports: Int, tokens: Int, rowCounts: [Int], columns: Int) throws {
            let engine = try MatVecEngine(configuration: .standard(for: .u280), tokens: tokens, ports: ports)
            let model = try CoSimModel.matVecEngine(engine)
            for rows in rowCounts {
                var random = TestRandom(state: UInt64(ports * 1_000 + rows))
                let matrix = Self.randomMatrix(rows: rows, columns: columns, random: &random)
                let activations = Self.randomActivations(tokens: tokens, columns: columns, random: &random)
                var options = CoSimRunOptions(seed: UInt64(rows), stallProbability: 0.1, idleProbability: 0.2,
                                              axiTiming: AXITiming(readLatency: 5 ... 40, arreadyLowProbability: 0.3, readGapProbability: 0.2))
                for (index, port) in engine.axiPortNames.enumerated() where index % 3 == 1 {
                    options.axiTimingByPort[port] = AXITiming(readLatency: 30 ... 60, awreadyLowProbability: 0.3, wreadyLowProbability: 0.3,
                                                              readGapProbability: 0.05, writeResponseDelay: 1 ... 30, reorderReads: true)
                }
                let run = try runMatVec(model, engine: engine, matrix: matrix, activations: activations, options: options)
                #expect(run.passed, "\(rows) rows: \(run)")
                let statistics = run.report.statistics
                print("MatVecEngine \(ports) ports × \(tokens) tokens, \(rows)×\(columns): \(statistics.cycles) cycles, "
                    + "\(Int(statistics.cyclesPerSecond)) cycles/s, Verilator build \(statistics.verilatorBuildSeconds) s")
            }
        }

        /// With a memory that never stalls, the port delivers close to one beat per cycle:
        /// the engine's share of the port's peak bandwidth, groups, parameters and row
        /// scales together.
        @Test func portRunsNearOneBeatPerCycleWithoutStalls() throws {
            let engine = try Self.engine.get()
            let model = try CoSimModel.matVecEngine(engine)
            var random = TestRandom(state: 99)
            let matrix = Self.randomMatrix(rows: 64, columns: 4_096, random: &random)
            let activations = Self.randomActivations(tokens: 1, columns: 4_096, random: &random)
            let run = try runMatVec(model, engine: engine, matrix: matrix, activations: activations,
                                    options: CoSimRunOptions(seed: 5, axiTiming: AXITiming(readLatency: 20 ... 20)))
            #expect(run.passed, "\(run)")
            let port = try #require(run.report.axiStatistics("m_axi_hbm0"))
            let rate = try #require(port.readBeatsPerCycle)
            print("MatVecEngine 64×4096: \(port.readBeats) read beats (groups, parameters, row scales) at \(rate) beats/cycle, "
                + "\(run.report.statistics.cycles) cycles, \(Int(run.report.statistics.cyclesPerSecond)) cycles/s")
            // Groups: 7 beats per 8 units of 64 groups; parameters: 128 bytes per row.
            let groupBeats = 64 * 16 * 7 / 8, parameterBeats = 64 * 2, scaleBeats = 4
            #expect(port.readBeats == UInt64(groupBeats + parameterBeats + scaleBeats))
            #expect(rate > 0.9, "read beats per cycle \(rate)")
        }
    }
}

extension CoSimulation.MatVecEngineTests {
    /// The model at an HBM efficiency below 1 against Verilator: a 10 % chance of an R gap
    /// before every beat on every port (efficiency 0.9), 64 × 4,096 per port, 8 seeds. One
    /// port streams at its average; four and eight in lockstep wait for the slowest, which
    /// the model's barrier term (`PerformanceModel.barrierCycles`) predicts.
    @Test func lockstepWaitsForTheSlowestPort() throws {
        let performance = try PerformanceModel(configuration: .standard(for: .u280))
        var means: [Int: Double] = [:]
        for ports in [1, 4, 8] {
            let engine = try ports == 1 ? Self.engine.get() : MatVecEngine(configuration: .standard(for: .u280), ports: ports)
            let model = try CoSimModel.matVecEngine(engine)
            var random = TestRandom(state: 9)
            let matrix = Self.randomMatrix(rows: 64 * ports, columns: 4_096, random: &random)
            let activations = Self.randomActivations(tokens: 1, columns: 4_096, random: &random)
            var measured: [Int] = []
            for seed in 1...8 {
                let options = CoSimRunOptions(seed: UInt64(seed), axiTiming: AXITiming(readLatency: 64 ... 64, readGapProbability: 0.1))
                let run = try runMatVec(model, engine: engine, matrix: matrix, activations: activations, options: options)
                #expect(run.passed, "\(run)")
                measured.append(run.engineCycles(engine: engine, columns: 4_096, options: options))
            }
            let mean = Double(measured.reduce(0, +)) / Double(measured.count)
            let predicted = performance.matVecCycles(rows: 64, columns: 4_096, readLatency: 64, hbmEfficiency: 0.9, ports: ports)
            print("MatVecEngine 64×4096 per port on \(ports) port(s), 10 % R gaps: measured \(measured) (mean \(mean)), model \(predicted)")
            #expect(abs(mean - predicted) <= 0.01 * mean, "\(ports) ports: model \(predicted), measured mean \(mean)")
            means[ports] = mean
        }
        #expect(means[1]! < means[4]! && means[4]! < means[8]!)
    }

    /// `PerformanceModel.matVecCycles` against Verilator: with a memory of fixed latency
    /// that never stalls, the cycles from the start command to the results in memory.
    @Test func performanceModelMatchesMeasuredCycles() throws {
        let engine = try Self.engine.get()
        let model = try CoSimModel.matVecEngine(engine)
        let performance = try PerformanceModel(configuration: .standard(for: .u280))
        // The last two: one port's rows of Llama-2-7B's stacked q+k+v and w1+w3 at the
        // report's read latency.
        let shapes = [(20, 16, 64), (20, 64, 172), (45, 172, 64), (20, 8, 4_096), (20, 64, 4_096), (45, 32, 1_000), (20, 16, 11_008),
                      (64, 384, 4_096), (64, 688, 4_096)]
        for (latency, rows, columns) in shapes {
            var random = TestRandom(state: UInt64(rows * columns))
            let matrix = Self.randomMatrix(rows: rows, columns: columns, random: &random)
            let activations = Self.randomActivations(tokens: 1, columns: columns, random: &random)
            let options = CoSimRunOptions(seed: 1, axiTiming: AXITiming(readLatency: latency ... latency))
            let run = try runMatVec(model, engine: engine, matrix: matrix, activations: activations, options: options)
            #expect(run.passed, "\(run)")
            let report = run.report
            let measured = run.engineCycles(engine: engine, columns: columns, options: options)
            let predicted = performance.matVecCycles(rows: rows, columns: columns, readLatency: latency)
            print("MatVecEngine \(rows)×\(columns), read latency \(latency): measured \(measured) cycles, model \(predicted); "
                + (report.axiStatistics("m_axi_hbm0").map { "\($0)" } ?? ""))
            #expect(abs(Double(predicted - measured)) <= 0.02 * Double(measured), "\(rows)×\(columns): model \(predicted), measured \(measured)")
        }
    }
}
