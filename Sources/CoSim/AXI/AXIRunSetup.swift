// Hands a run's AXI memories and timing to the harness and reads back what it observed.
import Foundation

/// The AXI part of one run: validated options, the files and arguments for the harness, and
/// the parsing of its results.
struct AXIRunSetup {
    let design: DesignUnderTest
    let options: CoSimRunOptions

    /// Checks memories and timings against the design's AXI ports.
    func validate() throws(CoSimError) {
        let prefixes = Set(design.axiPorts.map(\.prefix))
        var names = Set<String>()
        var attached = Set<String>()
        for memory in options.memories {
            guard names.insert(memory.name).inserted else { throw .invalidStimulus("memory image \(memory.name) is given twice") }
            guard !memory.ports.isEmpty else { throw .invalidStimulus("memory image \(memory.name) is attached to no AXI port") }
            let (end, overflow) = memory.baseAddress.addingReportingOverflow(UInt64(memory.bytes.count))
            guard !overflow || end == 0 else { throw .invalidStimulus("memory image \(memory.name) runs past the 64-bit address space") }
            for port in memory.ports {
                guard prefixes.contains(port) else {
                    throw .invalidStimulus("memory image \(memory.name) names AXI port \(port), which the design does not declare (AXI ports: \(design.axiPorts.map(\.prefix).joined(separator: ", ")))")
                }
                guard attached.insert(port).inserted else { throw .invalidStimulus("AXI port \(port) is attached to two memory images") }
            }
        }
        for port in options.axiTimingByPort.keys where !prefixes.contains(port) {
            throw .invalidStimulus("AXI timing is given for \(port), which the design does not declare as an AXI port")
        }
        for port in design.axiPorts { try timing(of: port).validate(port: port.prefix) }
    }

    private func timing(of port: AXIMasterPort) -> AXITiming { options.axiTimingByPort[port.prefix] ?? options.axiTiming }

    /// Writes the images into `directory` and returns the harness arguments.
    func arguments(in directory: URL) throws(CoSimError) -> [String] {
        var arguments: [String] = []
        for (index, memory) in options.memories.enumerated() {
            let url = imageURL(index, in: directory)
            do {
                try Data(memory.bytes).write(to: url)
            } catch {
                throw .io("cannot write memory image \(url.path): \(error)")
            }
            arguments.append("axi_image=\(index):\(memory.baseAddress):\(writesBack(memory) ? 1 : 0):\(url.path)")
        }
        for (index, port) in design.axiPorts.enumerated() {
            let image = options.memories.firstIndex { $0.ports.contains(port.prefix) } ?? -1
            let t = timing(of: port)
            let fields: [String] = [
                String(index), String(image), String(t.readLatency.lowerBound), String(t.readLatency.upperBound),
                "\(t.arreadyLowProbability)", "\(t.awreadyLowProbability)", "\(t.wreadyLowProbability)", "\(t.readGapProbability)",
                String(t.writeResponseDelay.lowerBound), String(t.writeResponseDelay.upperBound), t.reorderReads ? "1" : "0",
                String(t.maxOutstandingReads), String(t.maxOutstandingWrites), t.outstandingPolicy == .violation ? "1" : "0",
            ]
            arguments.append("axi_port=" + fields.joined(separator: ":"))
        }
        return arguments
    }

    /// Memories the harness writes back: those behind at least one port that can write.
    private func writesBack(_ memory: AXIMemory) -> Bool {
        design.axiPorts.contains { memory.ports.contains($0.prefix) && $0.access.writes }
    }

    private func imageURL(_ index: Int, in directory: URL) -> URL { directory.appendingPathComponent("memory-\(index).bin") }

    /// Per-port statistics and the violation from the harness's `RCEGEN_AXI` lines.
    func results(from lines: [String]) -> (ports: [AXIPortStatistics], violation: AXIViolation?) {
        var ports = design.axiPorts.map { AXIPortStatistics(port: $0.prefix) }
        var violation: AXIViolation?
        for line in lines {
            if line.hasPrefix("RCEGEN_AXI_VIOLATION ") {
                // port=<i> cycle=<c> rule=<rule> message=<rest of line>
                guard let messageRange = line.range(of: " message=") else { continue }
                let head = fields(line[..<messageRange.lowerBound])
                guard let index = head["port"].flatMap({ Int($0) }), design.axiPorts.indices.contains(index),
                      let cycle = head["cycle"].flatMap({ UInt64($0) }), let rule = head["rule"].flatMap({ AXIRule(rawValue: $0) })
                else { continue }
                violation = AXIViolation(
                    port: design.axiPorts[index].prefix, cycle: cycle, rule: rule, message: String(line[messageRange.upperBound...]))
            } else if line.hasPrefix("RCEGEN_AXI ") {
                let values = fields(Substring(line))
                guard let index = values["port"].flatMap({ Int($0) }), ports.indices.contains(index) else { continue }
                func count(_ key: String) -> UInt64 { values[key].flatMap { UInt64($0) } ?? 0 }
                func cycle(_ key: String) -> UInt64? { values[key].flatMap { Int64($0) }.flatMap { $0 >= 0 ? UInt64($0) : nil } }
                ports[index].readBursts = count("read_bursts")
                ports[index].readBeats = count("read_beats")
                ports[index].readBackpressureCycles = count("read_backpressure")
                ports[index].reorderedReadBursts = count("reordered_reads")
                ports[index].firstReadBeatCycle = cycle("first_read")
                ports[index].lastReadBeatCycle = cycle("last_read")
                ports[index].writeBursts = count("write_bursts")
                ports[index].writeBeats = count("write_beats")
                ports[index].writeResponses = count("write_responses")
                ports[index].firstWriteBeatCycle = cycle("first_write")
                ports[index].lastWriteBeatCycle = cycle("last_write")
                ports[index].outstandingReadsAtEnd = count("outstanding_reads")
                ports[index].outstandingWritesAtEnd = count("outstanding_writes")
            }
        }
        return (ports, violation)
    }

    /// Final contents of the memories the harness wrote back, by name.
    func writtenMemories(in directory: URL) throws(CoSimError) -> [String: [UInt8]] {
        var memories: [String: [UInt8]] = [:]
        for (index, memory) in options.memories.enumerated() where writesBack(memory) {
            let url = imageURL(index, in: directory).appendingPathExtension("out")
            guard let data = try? Data(contentsOf: url) else { throw .io("the harness did not write back memory image \(memory.name) (\(url.path))") }
            guard data.count == memory.bytes.count else {
                throw .io("memory image \(memory.name) came back with \(data.count) bytes instead of \(memory.bytes.count)")
            }
            memories[memory.name] = [UInt8](data)
        }
        return memories
    }

    private func fields(_ text: Substring) -> [String: String] {
        var values: [String: String] = [:]
        for field in text.split(separator: " ").dropFirst() {
            let parts = field.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        return values
    }
}
