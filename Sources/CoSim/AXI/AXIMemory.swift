// Per-run memory images behind the design's AXI master ports.

/// A byte-addressed memory image that one or more AXI master ports read and write.
/// Bursts must lie inside `baseAddress ..< baseAddress + bytes.count`.
public struct AXIMemory: Sendable, Hashable {
    /// Names the image in the report (`CoSimReport.memories[name]`).
    public var name: String
    public var baseAddress: UInt64
    public var bytes: [UInt8]
    /// Prefixes of the AXI master ports attached to this image; several ports may share it
    /// (writes through one are seen by reads through another from the next cycle on).
    public var ports: [String]

    public init(name: String, baseAddress: UInt64 = 0, bytes: [UInt8], ports: [String]) {
        self.name = name
        self.baseAddress = baseAddress
        self.bytes = bytes
        self.ports = ports
    }
}

/// What happens when the master issues more bursts than `AXITiming.maxOutstandingReads`
/// (or `maxOutstandingWrites`) allows.
public enum AXIOutstandingPolicy: String, Sendable, Hashable {
    /// The slave holds `arready`/`awready` low while the limit is reached (a real slave).
    case backpressure
    /// The slave keeps accepting, and an address handshake beyond the limit fails the run
    /// (rule `tooManyOutstanding`): checks that the master honours its own limit.
    case violation
}

/// Timing of the slave model behind one AXI port. All randomness comes from the run's seed.
/// Cycles here are enabled cycles: the memory model advances only when the design's clock
/// enable is high.
public struct AXITiming: Sendable, Hashable {
    /// Cycles from the AR handshake to the first R beat, drawn uniformly per burst
    /// (1 = the beat can be valid in the cycle right after the handshake).
    public var readLatency: ClosedRange<Int>
    /// Probability that `arready` is low on a cycle.
    public var arreadyLowProbability: Double
    /// Probability that `awready` is low on a cycle.
    public var awreadyLowProbability: Double
    /// Probability that `wready` is low on a cycle.
    public var wreadyLowProbability: Double
    /// Probability that `rvalid` stays low on a cycle where a beat could be presented
    /// (a gap before or between R beats).
    public var readGapProbability: Double
    /// Cycles from the last W beat's handshake (or the AW handshake, if later) to `bvalid`.
    public var writeResponseDelay: ClosedRange<Int>
    /// Return read bursts of different IDs out of order (a random ready burst among the
    /// oldest of each ID). Bursts of one ID always stay in order; beats of different bursts
    /// never interleave.
    public var reorderReads: Bool
    /// Read bursts accepted whose last beat has not been transferred yet.
    public var maxOutstandingReads: Int
    /// Write bursts accepted whose response has not been transferred yet.
    public var maxOutstandingWrites: Int
    public var outstandingPolicy: AXIOutstandingPolicy

    public init(
        readLatency: ClosedRange<Int> = 1 ... 1, arreadyLowProbability: Double = 0, awreadyLowProbability: Double = 0,
        wreadyLowProbability: Double = 0, readGapProbability: Double = 0, writeResponseDelay: ClosedRange<Int> = 1 ... 1,
        reorderReads: Bool = false, maxOutstandingReads: Int = 16, maxOutstandingWrites: Int = 16,
        outstandingPolicy: AXIOutstandingPolicy = .backpressure
    ) {
        self.readLatency = readLatency
        self.arreadyLowProbability = arreadyLowProbability
        self.awreadyLowProbability = awreadyLowProbability
        self.wreadyLowProbability = wreadyLowProbability
        self.readGapProbability = readGapProbability
        self.writeResponseDelay = writeResponseDelay
        self.reorderReads = reorderReads
        self.maxOutstandingReads = maxOutstandingReads
        self.maxOutstandingWrites = maxOutstandingWrites
        self.outstandingPolicy = outstandingPolicy
    }

    func validate(port: String) throws(CoSimError) {
        guard readLatency.lowerBound >= 1 else {
            throw .invalidStimulus("AXI port \(port): read latency starts at 1 cycle, not \(readLatency.lowerBound)")
        }
        guard writeResponseDelay.lowerBound >= 1 else {
            throw .invalidStimulus("AXI port \(port): write response delay starts at 1 cycle, not \(writeResponseDelay.lowerBound)")
        }
        let probabilities = [
            ("arready-low", arreadyLowProbability), ("awready-low", awreadyLowProbability),
            ("wready-low", wreadyLowProbability), ("read-gap", readGapProbability),
        ]
        for (name, value) in probabilities where !(value >= 0 && value < 1) {
            throw .invalidStimulus("AXI port \(port): \(name) probability \(value) is not in [0, 1)")
        }
        guard maxOutstandingReads >= 1, maxOutstandingWrites >= 1 else {
            throw .invalidStimulus("AXI port \(port): outstanding limits start at 1")
        }
    }
}
