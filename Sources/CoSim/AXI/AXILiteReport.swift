// What the AXI4-Lite driver did and saw on each port during a run.

/// Why a driver stopped: the slave broke the protocol, or a script step was not met.
public enum AXILiteRule: String, Sendable, Hashable, CaseIterable {
    /// bvalid/rvalid dropped, or bresp/rdata/rresp changed, while the driver's ready was low.
    case unstableWhileWaiting
    /// bvalid before both the AW and W handshakes (or with no write), rvalid before the AR
    /// handshake (or with no read), or a response that stayed up after its handshake.
    case responseWithoutRequest
    /// BRESP or RRESP was not OKAY.
    case errorResponse
    /// The slave did not complete a write or read within `AXILiteTiming.responseTimeout` cycles.
    case noResponse
    /// A poll read its register `maxReads` times without seeing the wanted value.
    case pollExhausted
    /// The interrupt output did not reach the wanted level in time.
    case interruptTimeout
}

/// The step where a driver stopped; the harness stops the run there.
public struct AXILiteFailure: Sendable, Hashable, CustomStringConvertible {
    public var port: String
    /// Index of the script operation in progress.
    public var operation: Int
    /// Harness cycle (counted from the first reset cycle).
    public var cycle: UInt64
    public var rule: AXILiteRule
    public var message: String

    public var description: String {
        "AXI4-Lite \(port) stopped at operation \(operation), cycle \(cycle), rule \(rule.rawValue): \(message)"
    }
}

/// One completed read or poll.
public struct AXILiteRead: Sendable, Hashable, CustomStringConvertible {
    /// Index of the operation in the script.
    public var operation: Int
    public var address: UInt64
    /// The value of the last read (for a poll: the one that met the condition).
    public var value: UInt32
    /// Harness cycle of the R handshake.
    public var cycle: UInt64
    /// Reads the operation took (1 for a plain read).
    public var reads: Int
    /// `.read(expect:mask:)`: the expected value under `mask`.
    public var expected: UInt32?
    public var mask: UInt32

    /// Whether the value matches the expectation (always true without one).
    public var matches: Bool { expected.map { value & mask == $0 & mask } ?? true }

    public var description: String {
        let hex = { (value: UInt32) in "0x" + String(value, radix: 16) }
        var text = "operation \(operation): read \("0x" + String(address, radix: 16)) = \(hex(value)) at cycle \(cycle)"
        if reads > 1 { text += " after \(reads) reads" }
        if let expected { text += ", expected \(hex(expected))" + (mask == .max ? "" : " under mask \(hex(mask))") }
        return text
    }
}

/// Traffic and handshake orders of one port.
public struct AXILiteStatistics: Sendable, Hashable {
    /// Completed writes (B handshakes) and reads (R handshakes, every poll read included).
    public var writes: UInt64 = 0
    public var reads: UInt64 = 0
    /// Writes whose AW handshake came at an earlier edge than their W handshake, later, or on
    /// the same edge.
    public var addressFirstWrites: UInt64 = 0
    public var dataFirstWrites: UInt64 = 0
    public var simultaneousWrites: UInt64 = 0
    /// Cycles with bvalid (rvalid) high and the driver's bready (rready) low.
    public var writeResponseBackpressureCycles: UInt64 = 0
    public var readBackpressureCycles: UInt64 = 0
    /// Harness cycles of the driver's first step and of its last completed operation.
    public var firstCycle: UInt64?
    public var lastCycle: UInt64?
}

/// The outcome of one port's script.
public struct AXILiteResult: Sendable, Hashable, CustomStringConvertible {
    public var port: String
    public var operationCount: Int
    public var completedOperations: Int = 0
    /// Completed reads and polls in script order.
    public var reads: [AXILiteRead] = []
    public var failure: AXILiteFailure?
    public var statistics = AXILiteStatistics()

    /// Reads whose value differs from their expectation.
    public var mismatches: [AXILiteRead] { reads.filter { !$0.matches } }

    public var passed: Bool { failure == nil && completedOperations == operationCount && mismatches.isEmpty }

    /// The value the read or poll at script index `operation` returned.
    public func value(ofOperation operation: Int) -> UInt32? { reads.first { $0.operation == operation }?.value }

    public var description: String {
        var lines = ["\(port): \(completedOperations) of \(operationCount) operations, \(statistics.writes) writes "
            + "(AW first \(statistics.addressFirstWrites), W first \(statistics.dataFirstWrites), together \(statistics.simultaneousWrites)), "
            + "\(statistics.reads) reads, backpressure B \(statistics.writeResponseBackpressureCycles) R \(statistics.readBackpressureCycles) cycles"]
        if let failure { lines.append("  \(failure)") }
        let wrong = mismatches
        for read in wrong.prefix(8) { lines.append("  mismatch: \(read)") }
        if wrong.count > 8 { lines.append("  ... \(wrong.count - 8) more mismatching reads") }
        return lines.joined(separator: "\n")
    }
}
