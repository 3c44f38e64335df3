import Foundation
// What the memory model observed on each AXI port during a run.

/// The AXI rule a master broke.
public enum AXIRule: String, Sendable, Hashable, CaseIterable {
    /// AR, AW or W valid dropped, or its payload changed, while valid was high and ready low.
    case unstableWhileWaiting
    /// A burst crosses a 4 KB address boundary.
    case crosses4KBoundary
    /// `arsize`/`awsize` is not log2 of the data width in bytes.
    case sizeNotDataWidth
    /// `arburst`/`awburst` is not INCR (1).
    case burstNotIncrement
    /// A burst reaches outside the attached memory image (or no image is attached).
    case outsideImage
    /// The start address is not a multiple of the beat size.
    case unalignedAddress
    /// `wlast` is high on a beat that is not the burst's last, or low on its last.
    case wrongWriteLast
    /// An address handshake beyond `maxOutstandingReads`/`maxOutstandingWrites`
    /// (under `AXIOutstandingPolicy.violation`).
    case tooManyOutstanding
    /// A write on a read-only port or a read on a write-only port.
    case wrongDirection
}

/// The first AXI protocol violation of a run; the harness stops at it.
public struct AXIViolation: Sendable, Hashable, CustomStringConvertible {
    /// The AXI port prefix.
    public var port: String
    /// Harness cycle (counted from the first reset cycle) of the offending handshake or sample.
    public var cycle: UInt64
    public var rule: AXIRule
    /// The details: addresses, lengths, the values that changed.
    public var message: String

    public var description: String { "AXI violation on \(port) at cycle \(cycle), rule \(rule.rawValue): \(message)" }
}

/// Traffic of one AXI port. Cycles are harness cycles (reset and stalls included), so
/// `readBeats / (lastReadBeatCycle - firstReadBeatCycle + 1)` is the read bandwidth in
/// beats per cycle.
public struct AXIPortStatistics: Sendable, Hashable, CustomStringConvertible {
    public var port: String
    /// AR handshakes (read bursts accepted).
    public var readBursts: UInt64 = 0
    /// R beats transferred: cycles with `rvalid && rready`.
    public var readBeats: UInt64 = 0
    /// Cycles with `rvalid` high and `rready` low (the master held the data back).
    public var readBackpressureCycles: UInt64 = 0
    /// Read bursts started while an older burst (of another ID) was still waiting: the
    /// reordering `AXITiming.reorderReads` allows.
    public var reorderedReadBursts: UInt64 = 0
    public var firstReadBeatCycle: UInt64?
    public var lastReadBeatCycle: UInt64?
    /// AW handshakes (write bursts accepted).
    public var writeBursts: UInt64 = 0
    /// W beats transferred: cycles with `wvalid && wready`.
    public var writeBeats: UInt64 = 0
    /// B handshakes.
    public var writeResponses: UInt64 = 0
    public var firstWriteBeatCycle: UInt64?
    public var lastWriteBeatCycle: UInt64?
    /// Bursts still outstanding when the run ended (a master that stopped mid-transfer).
    public var outstandingReadsAtEnd: UInt64 = 0
    public var outstandingWritesAtEnd: UInt64 = 0

    /// R beats per cycle from the first to the last R beat (nil without beats).
    public var readBeatsPerCycle: Double? {
        guard let first = firstReadBeatCycle, let last = lastReadBeatCycle else { return nil }
        return Double(readBeats) / Double(last - first + 1)
    }

    /// W beats per cycle from the first to the last W beat (nil without beats).
    public var writeBeatsPerCycle: Double? {
        guard let first = firstWriteBeatCycle, let last = lastWriteBeatCycle else { return nil }
        return Double(writeBeats) / Double(last - first + 1)
    }

    public var description: String {
        var parts = ["\(port):"]
        if readBursts > 0 || readBeats > 0 {
            let rate = readBeatsPerCycle.map { " (\(String(format: "%.3f", $0)) beats/cycle)" } ?? ""
            parts.append("\(readBursts) AR, \(readBeats) R beats\(rate)")
        }
        if writeBursts > 0 || writeBeats > 0 {
            let rate = writeBeatsPerCycle.map { " (\(String(format: "%.3f", $0)) beats/cycle)" } ?? ""
            parts.append("\(writeBursts) AW, \(writeBeats) W beats\(rate), \(writeResponses) B")
        }
        if outstandingReadsAtEnd > 0 || outstandingWritesAtEnd > 0 {
            parts.append("outstanding at end: \(outstandingReadsAtEnd) reads, \(outstandingWritesAtEnd) writes")
        }
        if parts.count == 1 { parts.append("no traffic") }
        return parts.joined(separator: " ")
    }
}
