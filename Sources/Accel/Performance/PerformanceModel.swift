import Numerics

/// Cycle and bandwidth model of decode (matrix-vector) and prefill (matrix-matrix)
/// inference on the accelerator.
///
/// Two bounds per matrix, the larger wins:
/// - **engine**: one `MatVecEngine` per HBM port takes one group beat per cycle, so a port
///   with `r` rows of `g` group beats needs `r · g + fill` cycles (`matVecCycles`), the
///   figure the Verilator co-simulation measures;
/// - **channel**: a row's group and parameter beats share one pseudo-channel, which
///   moves one 512-bit beat per cycle at the kernel clock (14.4 GB/s against the HBM
///   channel's 14.375 GB/s) times the assumed `hbmEfficiency`.
///
/// Rows are spread evenly over the ports. KV-cache traffic is KV4 (4-bit codes plus an
/// fp16 minimum and scale per token and KV head, for K and V) over the positions the
/// Λ window keeps. The classifier is assumed compressed like the linear layers.
public struct PerformanceModel: Sendable {
    public let configuration: AcceleratorConfiguration
    public let engine: MatVecEngine

    public init(configuration: AcceleratorConfiguration) throws {
        self.configuration = configuration
        engine = try MatVecEngine(configuration: configuration)
    }

    public var ports: Int { configuration.target.hbm.channels }
    public var beatBytes: Int { configuration.target.hbm.portDataWidth / 8 }

    /// Cycles from the start command to the last row sum of `rows` rows on one engine,
    /// when the memory never stalls: one group beat per cycle plus the pipeline fill
    /// (AXI read latency, the engine's FIFO and stages, the PE latency). Holds while the
    /// read latency is below `maxHiddenReadLatency`; beyond it the outstanding bursts no
    /// longer cover the latency and the port slows down.
    public func matVecCycles(rows: Int, columns: Int, readLatency: Int) -> Int {
        let beats = engine.rowBeats(columns: columns)
        return rows * beats.groups + fillCycles(readLatency: readLatency)
    }

    /// Cycles between the start command and the first row's last beat leaving the FIFO,
    /// plus the stages after it: command latch, AR issue, handshake, `readLatency`, the
    /// FIFO write and its two-entry output buffer, stage A, the PE, the final adder.
    public func fillCycles(readLatency: Int) -> Int {
        Self.commandToRequest + readLatency + Self.fifoCycles + Self.engineStages + SparsePE.latency
    }

    // Stage counts of the RTL, checked against Verilator (`performanceModelMatchesMeasuredCycles`
    // measures the fill exactly at two read latencies).
    /// The longest read latency one group beat per cycle survives: a burst is requested
    /// only when the FIFO has room for it on top of every beat in flight.
    public var maxHiddenReadLatency: Int { engine.reader.fifoDepth - engine.reader.maxBurstBeats - Self.commandToRequest }

    static let commandToRequest = 3
    static let fifoCycles = 1
    static let engineStages = 2

    /// Beats one port reads for its share of a matrix's rows (groups and parameters).
    public func channelBeats(_ linear: ModelShape.Linear) -> Double {
        let beats = engine.rowBeats(columns: linear.columns)
        return Double(linear.rows * (beats.groups + beats.parameters)) / Double(ports)
    }

    /// Cycles of one matrix-vector product spread over all ports.
    public func cycles(_ linear: ModelShape.Linear, hbmEfficiency: Double, readLatency: Int = 64) -> Double {
        let rowsPerPort = (linear.rows + ports - 1) / ports
        let engineBound = Double(matVecCycles(rows: rowsPerPort, columns: linear.columns, readLatency: readLatency))
        return max(engineBound, channelBeats(linear) / hbmEfficiency)
    }

    /// Bytes of KV cache one layer reads per token at `positions` cached positions.
    public func kvBytesPerLayer(_ model: ModelShape, positions: Int) -> Double {
        let codes = Double(model.kvDim) / 2                       // 4-bit codes, K or V
        let scales = Double(model.kvHeads * 2 * MemoryLayout<Float16>.size)  // fp16 min and scale
        return 2 * Double(positions) * (codes + scales)
    }

    /// Positions attention reads at a context length with S sinks and a window of W
    /// (W = 0: no window, every position).
    public static func attendedPositions(context: Int, sinks: Int, window: Int) -> Int {
        window == 0 ? context : min(context, sinks + window)
    }

    public struct DecodePrediction: Sendable, Equatable {
        public let context: Int
        public let attendedPositions: Int
        public let weightCycles: Double
        public let kvCycles: Double
        public var cyclesPerToken: Double { weightCycles + kvCycles }
        public let tokensPerSecond: Double
        /// Share of the ports' peak bandwidth the token uses.
        public let bandwidthUse: Double
    }

    /// Decode tokens/s of `model` at `context` tokens.
    public func decode(_ model: ModelShape, context: Int, sinks: Int, window: Int, hbmEfficiency: Double) -> DecodePrediction {
        let linears = model.linearsPerToken
        let weightCycles = linears.map { cycles($0, hbmEfficiency: hbmEfficiency) }.reduce(0, +)
        let positions = Self.attendedPositions(context: context, sinks: sinks, window: window)
        let kvBeats = kvBytesPerLayer(model, positions: positions) * Double(model.layers) / Double(beatBytes) / Double(ports)
        let kvCycles = kvBeats / hbmEfficiency
        let beats = linears.map(channelBeats).reduce(0, +) + kvBeats
        let total = weightCycles + kvCycles
        return DecodePrediction(context: context, attendedPositions: positions, weightCycles: weightCycles, kvCycles: kvCycles,
                                tokensPerSecond: configuration.target.kernelClock / total, bandwidthUse: beats / total)
    }

    public struct PrefillPrediction: Sendable, Equatable {
        public let promptLength: Int
        /// Tokens sharing each weight beat (the prefill engine's token count).
        public let tokensPerPass: Int
        public let passes: Int
        public let weightCycles: Double
        public let kvCycles: Double
        public let tokensPerSecond: Double
    }

    /// Prefill tokens/s of a prompt of `promptLength` tokens on the matrix-matrix engine:
    /// `tokensPerPass` tokens share every weight beat, so the weights stream once per pass
    /// (ceil(prompt / tokens) passes). Each pass also reads the KV cache once for all of its
    /// tokens: the positions its last token attends (Λ window applied), as in decode.
    public func prefill(_ model: ModelShape, promptLength: Int, tokensPerPass: Int, sinks: Int, window: Int,
                        hbmEfficiency: Double) -> PrefillPrediction {
        let passes = (promptLength + tokensPerPass - 1) / tokensPerPass
        let weightCyclesPerPass = model.linearsPerToken.map { cycles($0, hbmEfficiency: hbmEfficiency) }.reduce(0, +)
        var kvCycles = 0.0
        for pass in 0..<passes {
            let lastPosition = min(promptLength, (pass + 1) * tokensPerPass)
            let positions = Self.attendedPositions(context: lastPosition, sinks: sinks, window: window)
            kvCycles += kvBytesPerLayer(model, positions: positions) * Double(model.layers) / Double(beatBytes) / Double(ports) / hbmEfficiency
        }
        let weightCycles = weightCyclesPerPass * Double(passes)
        let seconds = (weightCycles + kvCycles) / configuration.target.kernelClock
        return PrefillPrediction(promptLength: promptLength, tokensPerPass: tokensPerPass, passes: passes, weightCycles: weightCycles,
                                 kvCycles: kvCycles, tokensPerSecond: Double(promptLength) / seconds)
    }

    /// Bytes of the compressed weights as the engines stream them (groups + parameters).
    public func streamedWeightBytes(_ model: ModelShape) -> Double {
        let linears = model.linearsPerToken
        return linears.map(channelBeats).reduce(0, +) * Double(ports * beatBytes)
    }
}
