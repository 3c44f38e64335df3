// A built co-simulation model of one design and the runs it supports.
import Foundation

/// A Verilator model of a design with its harness, ready to run vectors.
///
/// ```swift
/// let model = try CoSimModel.build(design, protocol: .pipeline(latency: 2))
/// let report = try model.run(vectors: inputs, expected: outputs, options: .init(stallProbability: 0.2))
/// ```
public struct CoSimModel: Sendable {
    public let design: DesignUnderTest
    /// How vectors are applied and outputs collected.
    public let handshake: CoSimProtocol
    /// Inputs carrying vector data, in wire order.
    public let dataInputs: [DesignPort]
    /// Outputs compared with expectations, in wire order (the order of the `outputs`
    /// array of `runExhaustive`).
    public let dataOutputs: [DesignPort]
    public let buildInfo: CoSimBuildInfo

    /// Generates the harness and builds (or fetches from the cache) the Verilator model.
    public static func build(
        _ design: DesignUnderTest, protocol: CoSimProtocol, options: CoSimBuildOptions = CoSimBuildOptions()
    ) throws(CoSimError) -> CoSimModel {
        let harness = try harness(for: design, protocol: `protocol`)
        let info = try VerilatorBuild.build(design: design, harness: harness, options: options)
        return CoSimModel(
            design: design, handshake: `protocol`, dataInputs: harness.dataInputs, dataOutputs: harness.dataOutputs,
            buildInfo: info)
    }

    /// The cache key a build of this design would use (SHA-256 over the sources, the
    /// generated harness, the Verilator version and the flags), without building.
    public static func cacheKey(
        _ design: DesignUnderTest, protocol: CoSimProtocol, options: CoSimBuildOptions = CoSimBuildOptions()
    ) throws(CoSimError) -> String {
        try VerilatorBuild.plan(design: design, harness: harness(for: design, protocol: `protocol`), options: options).key
    }

    /// The generated C++ harness for a design, as it would be built.
    public static func harnessSource(for design: DesignUnderTest, protocol: CoSimProtocol) throws(CoSimError) -> String {
        try harness(for: design, protocol: `protocol`).source
    }

    private static func harness(for design: DesignUnderTest, protocol: CoSimProtocol) throws(CoSimError) -> GeneratedHarness {
        let templateURL = PackageLocations.harnessTemplate
        guard let template = try? String(contentsOf: templateURL, encoding: .utf8) else {
            throw .templateNotFound(path: templateURL.path)
        }
        let modelURL = PackageLocations.axiMemoryModel
        guard let axiModel = try? String(contentsOf: modelURL, encoding: .utf8) else {
            throw .templateNotFound(path: modelURL.path)
        }
        let liteURL = PackageLocations.axiLiteMaster
        guard let axiLiteModel = try? String(contentsOf: liteURL, encoding: .utf8) else {
            throw .templateNotFound(path: liteURL.path)
        }
        return try HarnessGenerator.generate(
            design: design, protocol: `protocol`, template: template, axiModel: axiModel, axiLiteModel: axiLiteModel)
    }

    /// Whether `verilator` can be found on PATH (tests use this to skip).
    public static var verilatorAvailable: Bool { ProcessRunner.locate("verilator") != nil }

    // MARK: - Vector runs

    /// Applies `vectors` (one dictionary of data-input values each) and compares the
    /// outputs with `expected` (one dictionary of data-output values per output record:
    /// one per vector under the pipeline protocol, any number under the valid protocol).
    public func run(
        vectors: [[String: PortValue]], expected: [[String: PortValue]], options: CoSimRunOptions = CoSimRunOptions()
    ) throws(CoSimError) -> CoSimReport {
        if case .pipeline = handshake, vectors.count != expected.count {
            throw .invalidStimulus("pipeline protocol needs one expectation per vector (\(vectors.count) vectors, \(expected.count) expectations)")
        }
        let inputWords = try encode(vectors, ports: dataInputs, what: "vector")
        let expectedWords = try encode(expected, ports: dataOutputs, what: "expectation")
        let outputOffsets = wordOffsets(dataOutputs)
        let recordWords = outputOffsets.last ?? 0
        let portWordCounts = dataOutputs.map(\.wordCount)
        let expectedCount = expected.count
        var mismatches = MismatchCollector(limit: options.maxReportedMismatches)
        var received = 0
        let isValidProtocol = handshake.handshakePorts.input != nil
        let outcome = try execute(inputWords: inputWords, count: vectors.count, exhaustive: nil, expectedOutputs: expectedCount, options: options) {
            batch throws(CoSimError) in
            for record in 0 ..< batch.count {
                let index = received + record
                guard index < expectedCount else { break }
                let base = index * recordWords
                for portIndex in portWordCounts.indices {
                    let offset = outputOffsets[portIndex]
                    var equal = true
                    for word in 0 ..< portWordCounts[portIndex] where expectedWords[base + offset + word] != batch.word(record, offset + word) {
                        equal = false
                        break
                    }
                    if equal { continue }
                    mismatches.record {
                        let accepted = batch.acceptedInputs(record)
                        let vectorIndex = isValidProtocol ? (accepted > 0 ? Int(accepted) - 1 : nil) : index
                        let port = dataOutputs[portIndex]
                        let expectedValue = Array(expectedWords[(base + offset) ..< (base + offset + port.wordCount)])
                        return CoSimMismatch(
                            outputIndex: index, vectorIndex: vectorIndex, cycle: batch.cycle(record), port: port.name,
                            width: port.width, isSigned: port.isSigned, inputs: vectorIndex.map { readings(of: vectors[$0]) } ?? [],
                            expected: PortValue(words32: expectedValue, width: port.width, signed: port.isSigned),
                            actual: PortValue(words32: batch.words(record, from: offset, count: port.wordCount), width: port.width, signed: port.isSigned))
                    }
                }
            }
            received += batch.count
        }
        return report(outcome: outcome, expectedCount: expectedCount, actualCount: received, mismatches: mismatches, options: options)
    }

    // MARK: - Exhaustive runs

    /// Enumerates every combination of the `enumerating` input ports (the first port in the
    /// least significant counter bits; the counter runs 0, 1, 2, ... and vector i is counter
    /// value i) under the pipeline protocol, holding other data inputs at `fixed` (default 0).
    /// `expected` receives the enumerated ports' values in the given order (sign-extended for
    /// signed ports) and fills one value per data output, in `dataOutputs` order. Outputs are
    /// compared while they stream; nothing is stored per vector.
    public func runExhaustive(
        enumerating portNames: [String], fixed: [String: PortValue] = [:], options: CoSimRunOptions = CoSimRunOptions(),
        expected: (_ inputs: [Int64], _ outputs: inout [Int64]) -> Void
    ) throws(CoSimError) -> CoSimReport {
        guard case .pipeline = handshake else { throw .invalidStimulus("exhaustive runs use the pipeline protocol") }
        guard !portNames.isEmpty else { throw .invalidStimulus("exhaustive run needs at least one port to enumerate") }
        var fields: [(index: Int, port: DesignPort, offset: Int)] = []
        var totalBits = 0
        for name in portNames {
            let port = try design.port(named: name)
            guard let index = dataInputs.firstIndex(where: { $0.name == name }) else {
                throw .invalidStimulus("port \(name) is not a data input and cannot be enumerated")
            }
            guard !fields.contains(where: { $0.index == index }) else { throw .invalidStimulus("port \(name) is enumerated twice") }
            guard port.width <= 64 else { throw .invalidStimulus("port \(name) is \(port.width) bits; enumerated ports must be at most 64 bits") }
            fields.append((index, port, totalBits))
            totalBits += port.width
        }
        guard totalBits <= 40 else { throw .invalidStimulus("enumerating \(totalBits) bits is 2^\(totalBits) vectors; the limit is 2^40") }
        for port in dataOutputs where port.width > 64 {
            throw .invalidStimulus("exhaustive runs compare outputs of at most 64 bits; \(port.name) has \(port.width)")
        }
        var fixedVector = fixed
        for port in dataInputs where fixedVector[port.name] == nil { fixedVector[port.name] = 0 }
        for name in portNames { fixedVector[name] = 0 }
        let fixedWords = try encode([fixedVector], ports: dataInputs, what: "fixed value set")
        let count = 1 << totalBits
        let outputOffsets = wordOffsets(dataOutputs)
        let outputMasks = dataOutputs.map { $0.width >= 64 ? UInt64.max : (UInt64(1) << UInt64($0.width)) - 1 }
        let fieldMasks = fields.map { $0.port.width >= 64 ? UInt64.max : (UInt64(1) << UInt64($0.port.width)) - 1 }

        let fieldShifts = fields.map { UInt64($0.offset) }
        let fieldWidths = fields.map(\.port.width)
        let fieldSigned = fields.map(\.port.isSigned)
        let outputWidths = dataOutputs.map(\.width)
        let outputSigned = dataOutputs.map(\.isSigned)
        var mismatches = MismatchCollector(limit: options.maxReportedMismatches)
        var received = 0
        let readingsOfVector: (Int) -> [PortReading] = { index in
            var vector = fixedVector
            for (field, item) in fields.enumerated() {
                let raw = (UInt64(index) >> fieldShifts[field]) & fieldMasks[field]
                vector[item.port.name] = PortValue(bits: [raw], width: item.port.width, signed: item.port.isSigned)
            }
            return readings(of: vector)
        }
        let outcome = try execute(inputWords: fixedWords, count: count, exhaustive: fields.map { ($0.index, $0.offset) }, expectedOutputs: count, options: options) {
            batch throws(CoSimError) in
            // Locals (not captured variables) keep the per-vector loop free of boxing.
            var inputs = [Int64](repeating: 0, count: fieldWidths.count)
            var outputs = [Int64](repeating: 0, count: outputWidths.count)
            let first = received
            for record in 0 ..< batch.count {
                let index = first + record
                guard index < count else { break }
                for field in fieldWidths.indices {
                    let raw = (UInt64(index) >> fieldShifts[field]) & fieldMasks[field]
                    inputs[field] = signExtend(raw, width: fieldWidths[field], signed: fieldSigned[field])
                }
                expected(inputs, &outputs)
                for portIndex in outputWidths.indices {
                    let offset = outputOffsets[portIndex]
                    var actualBits = UInt64(batch.word(record, offset))
                    if outputWidths[portIndex] > 32 { actualBits |= UInt64(batch.word(record, offset + 1)) << 32 }
                    let value = outputs[portIndex]
                    guard fitsInt64(value, width: outputWidths[portIndex], signed: outputSigned[portIndex]) else {
                        let port = dataOutputs[portIndex]
                        throw .valueTooWide(port: port.name, width: port.width, signed: port.isSigned, value: String(value))
                    }
                    let expectedBits = UInt64(bitPattern: value) & outputMasks[portIndex]
                    if expectedBits == actualBits { continue }
                    mismatches.record {
                        let port = dataOutputs[portIndex]
                        return CoSimMismatch(
                            outputIndex: index, vectorIndex: index, cycle: batch.cycle(record), port: port.name, width: port.width,
                            isSigned: port.isSigned, inputs: readingsOfVector(index),
                            expected: PortValue(bits: [expectedBits], width: port.width, signed: port.isSigned),
                            actual: PortValue(bits: [actualBits], width: port.width, signed: port.isSigned))
                    }
                }
            }
            received += batch.count
        }
        return report(outcome: outcome, expectedCount: count, actualCount: received, mismatches: mismatches, options: options)
    }

    // MARK: - Shared machinery

    private struct Outcome {
        var totals: HarnessTotals
        var seed: UInt64
        var wallSeconds: Double
        var axiPorts: [AXIPortStatistics]
        var axiViolation: AXIViolation?
        var memories: [String: [UInt8]]
        var axiLite: [AXILiteResult]
    }

    private func execute(
        inputWords: [UInt32], count: Int, exhaustive: [(Int, Int)]?, expectedOutputs: Int, options: CoSimRunOptions,
        consume: OutputRecordBatchConsumer
    ) throws(CoSimError) -> Outcome {
        try options.validate(hasClockEnable: design.clockEnable != nil)
        let axi = AXIRunSetup(design: design, options: options)
        try axi.validate()
        let lite = AXILiteRunSetup(design: design, options: options)
        try lite.validate()
        if options.waveformPath != nil, !buildInfo.waveformSupport {
            throw .invalidStimulus("a waveform was requested but the model was built without waveform support (CoSimBuildOptions.waveformSupport)")
        }
        let seed = options.seed ?? UInt64.random(in: 1 ... UInt64.max)
        let manager = FileManager.default
        let work = manager.temporaryDirectory.appendingPathComponent("rcegen-cosim-\(UUID().uuidString)")
        do {
            try manager.createDirectory(at: work, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(work.path): \(error)")
        }
        defer { try? manager.removeItem(at: work) }
        let vectorFile = work.appendingPathComponent("vectors.bin")
        let bytes = inputWords.withUnsafeBufferPointer { buffer in
            Data(buffer: UnsafeBufferPointer(start: UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: UInt8.self), count: buffer.count * 4))
        }
        do {
            try bytes.write(to: vectorFile)
        } catch {
            throw .io("cannot write \(vectorFile.path): \(error)")
        }
        var arguments = [
            "vectors=\(vectorFile.path)", "count=\(count)", "seed=\(seed)", "stall=\(options.stallProbability)",
            "idle=\(options.idleProbability)", "reset_cycles=\(options.resetCycles)", "drain=\(options.drainCycles)",
            "expected_outputs=\(expectedOutputs)",
        ]
        switch handshake {
        case .pipeline(let latency): arguments += ["mode=pipeline", "latency=\(latency)"]
        case .valid: arguments += ["mode=valid"]
        }
        if let exhaustive {
            arguments += ["exhaustive=1", "enumerate=" + exhaustive.map { "\($0.0):\($0.1)" }.joined(separator: ",")]
        }
        if let waveformPath = options.waveformPath {
            let absolute = URL(fileURLWithPath: waveformPath).path
            arguments.append("wave=\(absolute)")
        }
        arguments += try axi.arguments(in: work)
        arguments += try lite.arguments(in: work)
        let headerBytes = handshake.handshakePorts.input != nil ? 16 : 8
        let layout = RecordLayout(headerBytes: headerBytes, outputWords: wordOffsets(dataOutputs).last ?? 0)
        let start = Date()
        let totals = try HarnessRun.run(
            executable: buildInfo.executable, arguments: arguments, layout: layout, workDirectory: work, consume: consume)
        let wallSeconds = Date().timeIntervalSince(start)
        let observed = axi.results(from: totals.axiLines)
        return Outcome(
            totals: totals, seed: seed, wallSeconds: wallSeconds, axiPorts: observed.ports, axiViolation: observed.violation,
            memories: try axi.writtenMemories(in: work), axiLite: lite.results(from: totals.axiLines))
    }

    private func report(
        outcome: Outcome, expectedCount: Int, actualCount: Int, mismatches: MismatchCollector, options: CoSimRunOptions
    ) -> CoSimReport {
        let protocolText: String
        switch handshake {
        case .pipeline(let latency): protocolText = "pipeline latency \(latency), stall p=\(options.stallProbability)"
        case .valid(let inValid, let outValid):
            protocolText = "valid \(inValid)/\(outValid), stall p=\(options.stallProbability), idle p=\(options.idleProbability)"
        }
        let statistics = CoSimStatistics(
            cycles: outcome.totals.cycles, vectors: outcome.totals.vectors, outputs: UInt64(actualCount),
            wallSeconds: outcome.wallSeconds, verilatorBuildSeconds: buildInfo.verilatorSeconds, buildCacheHit: buildInfo.cacheHit)
        let waveform = options.waveformPath.map { URL(fileURLWithPath: $0).path }
        return CoSimReport(
            topModule: design.topModule, protocolDescription: protocolText, seed: outcome.seed,
            expectedOutputCount: expectedCount, actualOutputCount: actualCount, mismatchCount: mismatches.count,
            mismatches: mismatches.details, waveformPath: waveform, statistics: statistics, axiPorts: outcome.axiPorts,
            axiViolation: outcome.axiViolation, memories: outcome.memories, axiLite: outcome.axiLite)
    }

    /// A vector's data-input values in wire order, for reports.
    private func readings(of vector: [String: PortValue]) -> [PortReading] {
        dataInputs.map { port in
            PortReading(port: port.name, value: vector[port.name] ?? 0, width: port.width, isSigned: port.isSigned)
        }
    }

    /// Flattens named values into wire words, checking names and ranges.
    private func encode(_ sets: [[String: PortValue]], ports: [DesignPort], what: String) throws(CoSimError) -> [UInt32] {
        let known = Set(ports.map(\.name))
        var words: [UInt32] = []
        words.reserveCapacity(sets.count * (wordOffsets(ports).last ?? 0))
        for (index, values) in sets.enumerated() {
            for name in values.keys where !known.contains(name) {
                if design.ports.contains(where: { $0.name == name }) {
                    throw .invalidStimulus("\(what) \(index) sets \(name), which is not a data port here (data ports: \(ports.map(\.name).joined(separator: ", ")))")
                }
                throw .portNotFound(name: name, module: design.topModule, known: design.ports.map(\.name))
            }
            for port in ports {
                guard let value = values[port.name] else {
                    throw .invalidStimulus("\(what) \(index) has no value for port \(port.name)")
                }
                guard value.fits(width: port.width, signed: port.isSigned) else {
                    throw .valueTooWide(port: port.name, width: port.width, signed: port.isSigned, value: value.decimalString)
                }
                words.append(contentsOf: value.bitPattern32(width: port.width))
            }
        }
        return words
    }
}

/// Running word offsets of ports on the wire; the last element is the total.
func wordOffsets(_ ports: [DesignPort]) -> [Int] {
    var offsets = [0]
    for port in ports { offsets.append(offsets[offsets.count - 1] + port.wordCount) }
    return offsets
}

@inline(__always)
func signExtend(_ raw: UInt64, width: Int, signed: Bool) -> Int64 {
    guard signed, width < 64 else { return Int64(bitPattern: raw) }
    let shift = UInt64(64 - width)
    return Int64(bitPattern: raw << shift) >> shift
}

@inline(__always)
func fitsInt64(_ value: Int64, width: Int, signed: Bool) -> Bool {
    if width >= 64 { return signed || value >= 0 }
    if signed {
        let shift = Int64(64 - width)
        return (value << shift) >> shift == value
    }
    return value >= 0 && value >> Int64(width) == 0
}

/// Counts every mismatch and keeps the first few in detail.
struct MismatchCollector {
    let limit: Int
    private(set) var count = 0
    private(set) var details: [CoSimMismatch] = []

    init(limit: Int) { self.limit = limit }

    mutating func record(_ make: () -> CoSimMismatch) {
        count += 1
        if details.count < limit { details.append(make()) }
    }
}
