// Runs a built harness and streams its binary output records to a consumer.
import Foundation

/// Layout of one output record on the harness's stdout.
struct RecordLayout {
    /// Bytes before the output words: the cycle (u64), plus the accepted-input count (u64)
    /// under the valid protocol.
    var headerBytes: Int
    var outputWords: Int
    var recordBytes: Int { headerBytes + 4 * outputWords }
}

/// Complete output records read in one go; the comparison loops over them without a
/// call per record, which keeps 2^24-vector runs at harness speed.
struct OutputRecordBatch {
    let base: UnsafeRawPointer
    let count: Int
    let layout: RecordLayout

    @inline(__always)
    func cycle(_ record: Int) -> UInt64 {
        base.loadUnaligned(fromByteOffset: record * layout.recordBytes, as: UInt64.self).littleEndian
    }

    /// Input vectors accepted before this output (valid protocol only; 0 otherwise).
    @inline(__always)
    func acceptedInputs(_ record: Int) -> UInt64 {
        guard layout.headerBytes >= 16 else { return 0 }
        return base.loadUnaligned(fromByteOffset: record * layout.recordBytes + 8, as: UInt64.self).littleEndian
    }

    @inline(__always)
    func word(_ record: Int, _ index: Int) -> UInt32 {
        base.loadUnaligned(fromByteOffset: record * layout.recordBytes + layout.headerBytes + 4 * index, as: UInt32.self).littleEndian
    }

    func words(_ record: Int, from start: Int, count: Int) -> [UInt32] {
        (start ..< start + count).map { word(record, $0) }
    }
}

typealias OutputRecordBatchConsumer = (OutputRecordBatch) throws(CoSimError) -> Void

/// What the harness reported on stderr after a clean exit.
struct HarnessTotals {
    var cycles: UInt64 = 0
    var vectors: UInt64 = 0
    var outputs: UInt64 = 0
    /// The memory model's `RCEGEN_AXI...` lines (statistics, violation), parsed by `AXIRunSetup`.
    var axiLines: [String] = []
}

enum HarnessRun {
    /// Starts the harness, hands complete output records to `consume` in batches while
    /// they stream, and returns the totals. Throws
    /// `harnessFailed` on an abnormal exit.
    static func run(
        executable: URL, arguments: [String], layout: RecordLayout, workDirectory: URL,
        consume: OutputRecordBatchConsumer
    ) throws(CoSimError) -> HarnessTotals {
        let stderrURL = workDirectory.appendingPathComponent("harness.stderr")
        guard FileManager.default.createFile(atPath: stderrURL.path, contents: nil),
              let stderrHandle = FileHandle(forWritingAtPath: stderrURL.path)
        else { throw .io("cannot create \(stderrURL.path)") }
        defer { try? stderrHandle.close() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = workDirectory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = stderrHandle
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .io("cannot start harness \(executable.path): \(error)")
        }
        let descriptor = pipe.fileHandleForReading.fileDescriptor
        var streamError: CoSimError?
        var strayBytes = 0
        do throws(CoSimError) {
            strayBytes = try stream(from: descriptor, layout: layout, consume: consume)
        } catch {
            streamError = error
            process.terminate()
        }
        try? pipe.fileHandleForReading.close()
        process.waitUntilExit()
        let stderrText = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        let signaled = process.terminationReason == .uncaughtSignal
        if let streamError { throw streamError }
        guard !signaled, process.terminationStatus == 0 else {
            let tail = stderrText.split(separator: "\n").suffix(15).joined(separator: "\n")
            throw .harnessFailed(status: process.terminationStatus, signaled: signaled, stderrTail: tail)
        }
        // A clean exit must have flushed whole records only.
        guard strayBytes == 0 else { throw .io("harness output ended inside a record (\(strayBytes) stray bytes)") }
        return parseTotals(stderrText)
    }

    /// Reads records until end of file; returns the bytes of an incomplete last record.
    private static func stream(
        from descriptor: Int32, layout: RecordLayout, consume: OutputRecordBatchConsumer
    ) throws(CoSimError) -> Int {
        let recordBytes = layout.recordBytes
        let capacity = max(1 << 20, recordBytes * 4)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0
        while true {
            let count = read(descriptor, buffer + filled, capacity - filled)
            if count < 0 {
                if errno == EINTR { continue }
                throw .io("reading harness output failed (errno \(errno))")
            }
            if count == 0 { break }
            filled += count
            let records = filled / recordBytes
            if records > 0 {
                try consume(OutputRecordBatch(base: UnsafeRawPointer(buffer), count: records, layout: layout))
                let used = records * recordBytes
                memmove(buffer, buffer + used, filled - used)
                filled -= used
            }
        }
        return filled
    }

    private static func parseTotals(_ stderrText: String) -> HarnessTotals {
        var totals = HarnessTotals()
        for line in stderrText.split(separator: "\n") where line.hasPrefix("RCEGEN_AXI") {
            totals.axiLines.append(String(line))
        }
        for line in stderrText.split(separator: "\n") where line.hasPrefix("RCEGEN_STATS") {
            for field in line.split(separator: " ").dropFirst() {
                let parts = field.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let value = UInt64(parts[1]) else { continue }
                switch parts[0] {
                case "cycles": totals.cycles = value
                case "vectors": totals.vectors = value
                case "outputs": totals.outputs = value
                default: break
                }
            }
        }
        return totals
    }
}
