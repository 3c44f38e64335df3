// The structured outcome of one co-simulation run and its readable rendering.

/// A port name with a value, rendered with the port's width and signedness.
public struct PortReading: Sendable, Hashable, CustomStringConvertible {
    public var port: String
    public var value: PortValue
    public var width: Int
    public var isSigned: Bool

    public var description: String { "\(port)=\(value.decimalString) (\(value.hexString(width: width)))" }
}

/// One output lane whose value differs from the expected one.
public struct CoSimMismatch: Sendable, Hashable, CustomStringConvertible {
    /// Position of the output record in the output stream (0-based).
    public var outputIndex: Int
    /// The input vector the output belongs to: the same index under the pipeline protocol;
    /// under the valid protocol, the last vector accepted before the output (nil if none).
    public var vectorIndex: Int?
    /// Clock cycle (counted from the first reset cycle) at which the output was sampled.
    public var cycle: UInt64
    /// The output port (lane) that differs.
    public var port: String
    public var width: Int
    public var isSigned: Bool
    /// Data inputs of `vectorIndex`.
    public var inputs: [PortReading]
    public var expected: PortValue
    public var actual: PortValue

    public var description: String {
        let vector = vectorIndex.map { "vector \($0)" } ?? "no vector accepted yet"
        let inputText = inputs.isEmpty ? "" : ", inputs " + inputs.map(\.description).joined(separator: " ")
        return "output \(outputIndex) (\(vector)), cycle \(cycle), port \(port): expected "
            + "\(expected.decimalString) (\(expected.hexString(width: width))), actual "
            + "\(actual.decimalString) (\(actual.hexString(width: width)))\(inputText)"
    }
}

/// Figures of one run, for benchmarks.
public struct CoSimStatistics: Sendable, Hashable {
    /// Clock cycles simulated (reset, stalls, idles and drain included).
    public var cycles: UInt64
    /// Input vectors applied.
    public var vectors: UInt64
    /// Output records compared.
    public var outputs: UInt64
    /// Wall-clock seconds of the run (process start to comparison done).
    public var wallSeconds: Double
    /// Seconds Verilator took to build the model (recorded when the cache entry was built).
    public var verilatorBuildSeconds: Double
    /// Whether the model came from the cache.
    public var buildCacheHit: Bool

    /// Simulated cycles per wall-clock second.
    public var cyclesPerSecond: Double { wallSeconds > 0 ? Double(cycles) / wallSeconds : 0 }
}

/// The outcome of a run.
public struct CoSimReport: Sendable, CustomStringConvertible {
    public var topModule: String
    public var protocolDescription: String
    /// Seed of the harness's stall and idle generator; rerun with it to reproduce.
    public var seed: UInt64
    public var expectedOutputCount: Int
    public var actualOutputCount: Int
    /// Number of differing output lanes (a record with two bad ports counts twice).
    public var mismatchCount: Int
    /// The first few mismatches in stream order (at most `maxReportedMismatches`).
    public var mismatches: [CoSimMismatch]
    /// Path of the FST waveform written by the run, if one was requested.
    public var waveformPath: String?
    public var statistics: CoSimStatistics
    /// Traffic per AXI master port, in `DesignUnderTest.axiPorts` order.
    public var axiPorts: [AXIPortStatistics] = []
    /// The first AXI protocol violation; the harness stopped there.
    public var axiViolation: AXIViolation?
    /// Final contents of every memory image attached to a port that can write, by name.
    public var memories: [String: [UInt8]] = [:]
    /// What each scripted AXI4-Lite driver did, in `DesignUnderTest.axiLitePorts` order.
    public var axiLite: [AXILiteResult] = []

    public var firstMismatch: CoSimMismatch? { mismatches.first }

    public var passed: Bool {
        mismatchCount == 0 && expectedOutputCount == actualOutputCount && axiViolation == nil && axiLite.allSatisfy(\.passed)
    }

    /// The driver result of one AXI4-Lite port by prefix.
    public func axiLiteResult(_ prefix: String) -> AXILiteResult? { axiLite.first { $0.port == prefix } }

    /// The statistics of one AXI port by prefix.
    public func axiStatistics(_ prefix: String) -> AXIPortStatistics? { axiPorts.first { $0.port == prefix } }

    public var description: String {
        var lines: [String] = []
        let verdict = passed ? "PASS" : "FAIL"
        lines.append("co-simulation \(verdict): \(topModule), \(protocolDescription), seed \(seed)")
        lines.append("  \(statistics.vectors) vectors, \(actualOutputCount) of \(expectedOutputCount) expected outputs, "
            + "\(mismatchCount) mismatching lanes")
        if actualOutputCount < expectedOutputCount {
            lines.append("  missing outputs: the design produced \(expectedOutputCount - actualOutputCount) fewer than expected")
        } else if actualOutputCount > expectedOutputCount {
            lines.append("  surplus outputs: the design produced \(actualOutputCount - expectedOutputCount) more than expected")
        }
        if let axiViolation { lines.append("  \(axiViolation)") }
        if let first = firstMismatch { lines.append("  first mismatch: \(first)") }
        for other in mismatches.dropFirst() { lines.append("  then: \(other)") }
        if mismatchCount > mismatches.count { lines.append("  ... \(mismatchCount - mismatches.count) more") }
        for port in axiPorts { lines.append("  axi \(port)") }
        for result in axiLite { lines.append("  axi-lite \(result)") }
        if let waveformPath { lines.append("  waveform: \(waveformPath)") }
        let rate = statistics.cyclesPerSecond
        lines.append("  \(statistics.cycles) cycles in \(formatSeconds(statistics.wallSeconds)) s "
            + "(\(formatRate(rate)) cycles/s); verilator build \(formatSeconds(statistics.verilatorBuildSeconds)) s"
            + (statistics.buildCacheHit ? " (cached)" : ""))
        return lines.joined(separator: "\n")
    }

    private func formatSeconds(_ value: Double) -> String {
        String(Double((value * 1000).rounded()) / 1000)
    }

    private func formatRate(_ value: Double) -> String {
        value >= 1e6 ? "\(Double((value / 1e5).rounded()) / 10)M" : String(Int(value.rounded()))
    }
}
