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

/// What the harness reported on stderr after a clean exit.
struct HarnessTotals {
    var cycles: UInt64 = 0
    var vectors: UInt64 = 0
    var outputs: UInt64 = 0
}

enum HarnessRun {
    /// Starts the harness, hands each complete record to `consume` (cycle, accepted-input
    /// count, output words) while it streams, and returns the totals. Throws
    /// `harnessFailed` on an abnormal exit.
    static func run(
        executable: URL, arguments: [String], layout: RecordLayout, workDirectory: URL,
        consume: (UInt64, UInt64, UnsafeBufferPointer<UInt32>) throws(CoSimError) -> Void
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
        do throws(CoSimError) {
            try stream(from: descriptor, layout: layout, consume: consume)
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
        return parseTotals(stderrText)
    }

    private static func stream(
        from descriptor: Int32, layout: RecordLayout,
        consume: (UInt64, UInt64, UnsafeBufferPointer<UInt32>) throws(CoSimError) -> Void
    ) throws(CoSimError) {
        let recordBytes = layout.recordBytes
        let capacity = max(1 << 20, recordBytes * 4)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        let words = UnsafeMutablePointer<UInt32>.allocate(capacity: max(1, layout.outputWords))
        defer { words.deallocate() }
        var filled = 0
        while true {
            let count = read(descriptor, buffer + filled, capacity - filled)
            if count < 0 {
                if errno == EINTR { continue }
                throw .io("reading harness output failed (errno \(errno))")
            }
            if count == 0 { break }
            filled += count
            var offset = 0
            while filled - offset >= recordBytes {
                let record = buffer + offset
                let cycle = record.loadUnaligned(as: UInt64.self).littleEndian
                let accepted = layout.headerBytes >= 16 ? record.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian : 0
                for index in 0 ..< layout.outputWords {
                    words[index] = record.loadUnaligned(fromByteOffset: layout.headerBytes + 4 * index, as: UInt32.self).littleEndian
                }
                try consume(cycle, accepted, UnsafeBufferPointer(start: words, count: layout.outputWords))
                offset += recordBytes
            }
            if offset > 0 {
                memmove(buffer, buffer + offset, filled - offset)
                filled -= offset
            }
        }
        if filled != 0 { throw .io("harness output ended inside a record (\(filled) stray bytes)") }
    }

    private static func parseTotals(_ stderrText: String) -> HarnessTotals {
        var totals = HarnessTotals()
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
