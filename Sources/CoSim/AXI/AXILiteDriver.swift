// The Swift side of the harness's AXI4-Lite master driver: scripts of register accesses
// (as a host's driver issues them), their timing, and the hand-over to and from the harness.
import Foundation

/// One step of a driver script. Steps run one after the other; each read or write is one
/// AXI4-Lite transaction (the driver never has two outstanding).
public enum AXILiteOperation: Sendable, Hashable {
    /// Writes `data` to `address` with byte strobes `strobe` (bit i enables byte i).
    case write(address: UInt64, data: UInt32, strobe: UInt8 = 0xF)
    /// Reads `address`; the value is returned in `AXILiteResult.reads` and, with `expect`,
    /// compared under `mask`.
    case read(address: UInt64, expect: UInt32? = nil, mask: UInt32 = .max)
    /// Reads `address` until `value & mask == equals`, at most `maxReads` times (the run
    /// stops with `pollExhausted` otherwise). The last value is returned.
    case poll(address: UInt64, mask: UInt32, equals: UInt32, maxReads: Int = 1000)
    /// Leaves the bus idle for at least `cycles` enabled cycles.
    case idle(cycles: Int)
    /// Waits until the port's interrupt output is `level`, at most `withinCycles` enabled
    /// cycles (0: it must be so now); the run stops with `interruptTimeout` otherwise.
    case waitForInterrupt(_ level: Bool, withinCycles: Int)
}

/// In which order the driver raises a write's AW and W valids.
public enum AXILiteWriteOrder: Int, Sendable, Hashable {
    /// Independently, each after its own random delay: either may come first.
    case any = 0
    /// W only after the AW handshake.
    case addressFirst = 1
    /// AW only after the W handshake.
    case dataFirst = 2
    /// Both valids rise in the same cycle.
    case together = 3
}

/// Master-side timing of one driver. Cycles are enabled cycles.
public struct AXILiteTiming: Sendable, Hashable {
    /// Per-cycle probability that a valid the driver could raise stays low (a gap before
    /// each AW, W and AR). Once raised, a valid stays high until its handshake.
    public var validDelayProbability: Double
    /// Per-cycle probability that bready (and, drawn separately, rready) is low.
    public var readyLowProbability: Double
    public var writeOrder: AXILiteWriteOrder
    /// Cycles a write or read may take before the run stops with `noResponse`.
    public var responseTimeout: Int

    public init(validDelayProbability: Double = 0, readyLowProbability: Double = 0, writeOrder: AXILiteWriteOrder = .any,
                responseTimeout: Int = 1000) {
        self.validDelayProbability = validDelayProbability
        self.readyLowProbability = readyLowProbability
        self.writeOrder = writeOrder
        self.responseTimeout = responseTimeout
    }
}

/// The operations one driver performs in a run, and how.
public struct AXILiteScript: Sendable, Hashable {
    public var operations: [AXILiteOperation]
    public var timing: AXILiteTiming

    public init(_ operations: [AXILiteOperation], timing: AXILiteTiming = AXILiteTiming()) {
        self.operations = operations
        self.timing = timing
    }
}

/// The AXI4-Lite part of one run: validation, the script files and arguments for the
/// harness, and the parsing of its `RCEGEN_AXIL_*` lines.
struct AXILiteRunSetup {
    let design: DesignUnderTest
    let options: CoSimRunOptions

    func validate() throws(CoSimError) {
        let ports = Dictionary(uniqueKeysWithValues: design.axiLitePorts.map { ($0.prefix, $0) })
        for (prefix, script) in options.axiLiteScripts {
            guard let port = ports[prefix] else {
                throw .invalidStimulus("an AXI4-Lite script is given for \(prefix), which the design does not declare as an AXI4-Lite port (AXI4-Lite ports: \(design.axiLitePorts.map(\.prefix).joined(separator: ", ")))")
            }
            let timing = script.timing
            guard (0 ..< 1).contains(timing.validDelayProbability), (0 ..< 1).contains(timing.readyLowProbability) else {
                throw .invalidStimulus("AXI4-Lite \(prefix): valid delay and ready-low probabilities must be in [0, 1)")
            }
            guard timing.responseTimeout >= 1 else { throw .invalidStimulus("AXI4-Lite \(prefix): response timeout must be at least 1 cycle") }
            let limit: UInt64 = port.addressWidth >= 64 ? .max : (1 << UInt64(port.addressWidth)) - 1
            for (index, operation) in script.operations.enumerated() {
                func problem(_ text: String) -> CoSimError { .invalidStimulus("AXI4-Lite \(prefix) operation \(index): \(text)") }
                func checkAddress(_ address: UInt64) throws(CoSimError) {
                    guard address <= limit else { throw problem("address 0x\(String(address, radix: 16)) does not fit \(port.addressWidth) address bits") }
                    guard address % 4 == 0 else { throw problem("address 0x\(String(address, radix: 16)) is not 32-bit aligned") }
                }
                switch operation {
                case .write(let address, _, let strobe):
                    try checkAddress(address)
                    guard strobe <= 0xF else { throw problem("strobe 0x\(String(strobe, radix: 16)) has more than 4 bits") }
                case .read(let address, _, _):
                    try checkAddress(address)
                case .poll(let address, _, _, let maxReads):
                    try checkAddress(address)
                    guard maxReads >= 1 else { throw problem("a poll needs at least 1 read") }
                case .idle(let cycles):
                    guard cycles >= 0 else { throw problem("idle cycles must not be negative") }
                case .waitForInterrupt(_, let within):
                    guard port.interrupt != nil else { throw problem("waits for an interrupt, but the port declares none (AXILiteSlavePort interrupt:)") }
                    guard within >= 0 else { throw problem("interrupt wait cycles must not be negative") }
                }
            }
        }
    }

    /// Writes the scripts into `directory` and returns the harness arguments.
    func arguments(in directory: URL) throws(CoSimError) -> [String] {
        var arguments: [String] = []
        for (index, port) in design.axiLitePorts.enumerated() {
            guard let script = options.axiLiteScripts[port.prefix] else { continue }
            let lines = script.operations.map { operation -> String in
                switch operation {
                case .write(let address, let data, let strobe): return "W \(address) \(data) \(strobe)"
                case .read(let address, _, _): return "R \(address)"
                case .poll(let address, let mask, let equals, let maxReads): return "P \(address) \(mask) \(equals & mask) \(maxReads)"
                case .idle(let cycles): return "I \(cycles)"
                case .waitForInterrupt(let level, let within): return "Q \(level ? 1 : 0) \(within)"
                }
            }
            let url = directory.appendingPathComponent("axil-script-\(index).txt")
            do {
                try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
            } catch {
                throw .io("cannot write AXI4-Lite script \(url.path): \(error)")
            }
            let t = script.timing
            arguments.append("axil_port=\(index):\(t.validDelayProbability):\(t.readyLowProbability):\(t.writeOrder.rawValue):\(t.responseTimeout):\(url.path)")
        }
        return arguments
    }

    /// One result per port that had a script, in `design.axiLitePorts` order.
    func results(from lines: [String]) -> [AXILiteResult] {
        var results: [Int: AXILiteResult] = [:]
        for (index, port) in design.axiLitePorts.enumerated() {
            if let script = options.axiLiteScripts[port.prefix] {
                results[index] = AXILiteResult(port: port.prefix, operationCount: script.operations.count)
            }
        }
        for line in lines where line.hasPrefix("RCEGEN_AXIL_") {
            let head = line.range(of: " message=").map { line[..<$0.lowerBound] } ?? Substring(line)
            let values = fields(head)
            guard let index = values["port"].flatMap({ Int($0) }), var result = results[index],
                  let script = options.axiLiteScripts[result.port] else { continue }
            func number(_ key: String) -> UInt64 { values[key].flatMap { UInt64($0) } ?? 0 }
            func cycle(_ key: String) -> UInt64? { values[key].flatMap { Int64($0) }.flatMap { $0 >= 0 ? UInt64($0) : nil } }
            if line.hasPrefix("RCEGEN_AXIL_READ ") {
                let operation = Int(number("op"))
                guard script.operations.indices.contains(operation) else { continue }
                var read = AXILiteRead(operation: operation, address: 0, value: UInt32(truncatingIfNeeded: number("value")),
                                       cycle: number("cycle"), reads: Int(number("reads")), expected: nil, mask: .max)
                switch script.operations[operation] {
                case .read(let address, let expect, let mask):
                    read.address = address
                    read.expected = expect
                    read.mask = mask
                case .poll(let address, let mask, let equals, _):
                    read.address = address
                    read.expected = equals
                    read.mask = mask
                default: continue
                }
                result.reads.append(read)
            } else if line.hasPrefix("RCEGEN_AXIL_FAIL ") {
                let message = line.range(of: " message=").map { String(line[$0.upperBound...]) } ?? ""
                let rawRule = values["rule"] ?? "?"
                let rule = AXILiteRule(rawValue: rawRule)
                result.failure = AXILiteFailure(port: result.port, operation: Int(number("op")), cycle: number("cycle"),
                                                rule: rule ?? .noResponse, message: rule == nil ? "\(rawRule): \(message)" : message)
            } else if line.hasPrefix("RCEGEN_AXIL_DONE ") {
                result.completedOperations = Int(number("ops"))
                result.statistics = AXILiteStatistics(
                    writes: number("writes"), reads: number("reads"), addressFirstWrites: number("aw_first"),
                    dataFirstWrites: number("w_first"), simultaneousWrites: number("together"),
                    writeResponseBackpressureCycles: number("b_backpressure"), readBackpressureCycles: number("r_backpressure"),
                    firstCycle: cycle("first"), lastCycle: cycle("last"))
            }
            results[index] = result
        }
        return results.keys.sorted().compactMap { results[$0] }
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
