// Knobs of one co-simulation run.

/// How a run stalls the design and what it records.
public struct CoSimRunOptions: Sendable {
    /// Seed of the harness's random stalls, idles and scrambled inputs; nil picks one at
    /// random (it is reported either way).
    public var seed: UInt64?
    /// Probability that a cycle has clock enable low (needs a clock-enable port when > 0).
    public var stallProbability: Double
    /// Valid protocol: probability that an enabled cycle offers no vector (in_valid low).
    public var idleProbability: Double
    /// Cycles with reset asserted before the first vector (when the design has a reset).
    public var resetCycles: Int
    /// Valid protocol: cycles without any output, after the last input, before the run
    /// gives up waiting for missing outputs.
    public var drainCycles: Int
    /// Write an FST waveform here (needs a model built with waveform support).
    public var waveformPath: String?
    /// How many mismatches the report lists in detail (all are counted).
    public var maxReportedMismatches: Int
    /// Memory images behind the design's AXI master ports (a port without one fails its
    /// first burst with rule `outsideImage`).
    public var memories: [AXIMemory]
    /// Slave timing of every AXI port not named in `axiTimingByPort`.
    public var axiTiming: AXITiming
    /// Slave timing per AXI port prefix.
    public var axiTimingByPort: [String: AXITiming]
    /// Scripts of the AXI4-Lite master drivers, by port prefix (a port without one stays idle).
    public var axiLiteScripts: [String: AXILiteScript]

    public init(
        seed: UInt64? = nil, stallProbability: Double = 0, idleProbability: Double = 0, resetCycles: Int = 4,
        drainCycles: Int = 10_000, waveformPath: String? = nil, maxReportedMismatches: Int = 8,
        memories: [AXIMemory] = [], axiTiming: AXITiming = AXITiming(), axiTimingByPort: [String: AXITiming] = [:],
        axiLiteScripts: [String: AXILiteScript] = [:]
    ) {
        self.axiLiteScripts = axiLiteScripts
        self.memories = memories
        self.axiTiming = axiTiming
        self.axiTimingByPort = axiTimingByPort
        self.seed = seed
        self.stallProbability = stallProbability
        self.idleProbability = idleProbability
        self.resetCycles = resetCycles
        self.drainCycles = drainCycles
        self.waveformPath = waveformPath
        self.maxReportedMismatches = maxReportedMismatches
    }

    func validate(hasClockEnable: Bool) throws(CoSimError) {
        guard (0 ... 1).contains(stallProbability) else { throw .invalidStimulus("stall probability \(stallProbability) is not in [0, 1]") }
        guard stallProbability < 1 else { throw .invalidStimulus("stall probability 1 would never enable the design") }
        guard (0 ... 1).contains(idleProbability), idleProbability < 1 else {
            throw .invalidStimulus("idle probability \(idleProbability) is not in [0, 1)")
        }
        guard stallProbability == 0 || hasClockEnable else {
            throw .invalidStimulus("stall probability \(stallProbability) needs a clock-enable port, and the design has none")
        }
        guard resetCycles >= 0, drainCycles >= 0, maxReportedMismatches >= 0 else {
            throw .invalidStimulus("reset cycles, drain cycles and reported mismatches must not be negative")
        }
    }
}
