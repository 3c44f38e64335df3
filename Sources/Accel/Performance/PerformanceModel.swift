import Foundation
import Numerics

/// Cycle and bandwidth model of decode (matrix-vector) and prefill (matrix-matrix)
/// inference on the accelerator.
///
/// Per matrix, each port streams its block's group, parameter and row-scale beats through
/// one pseudo-channel, which moves one 512-bit beat per cycle at the kernel clock
/// (14.4 GB/s against the HBM channel's 14.375 GB/s) times the assumed `hbmEfficiency`,
/// taken as an independent chance of an idle cycle before each beat on each channel (the
/// co-simulation memory model's R gaps); a command waits for its slowest port.
/// `matVecCycles` is the cycle count of one engine command with a memory that never
/// stalls, the figure the Verilator co-simulation measures (start to results in memory).
///
/// A token runs `ModelShape.commandsPerToken`: matrices sharing an input (q, k, v; w1, w3)
/// as one command over their stacked rows. Rows are spread evenly over the ports. KV-cache
/// traffic is KV4 (4-bit codes plus an fp16 minimum and scale per token and KV head, for K
/// and V) over the positions the Λ window keeps. The classifier is assumed compressed like the linear layers.
public struct PerformanceModel: Sendable {
    public let configuration: AcceleratorConfiguration
    public let engine: MatVecEngine

    public init(configuration: AcceleratorConfiguration) throws {
        self.configuration = configuration
        engine = try MatVecEngine(configuration: configuration)
    }

    public var ports: Int { configuration.target.hbm.channels }
    public var beatBytes: Int { configuration.target.hbm.portDataWidth / 8 }

    /// Beats one port reads for `rows` rows of `columns` inputs: the group stream (7 beats
    /// per 8 units), parameters and the row scales (16 per beat, plus one when the block
    /// starts inside a beat).
    public func portBeats(rows: Int, columns: Int) -> Int {
        engine.groupStreamBeats(rows: rows, columns: columns) + rows * engine.rowUnits(columns: columns).parameterBeats
            + (rows + engine.port.scalesPerBeat - 1) / engine.port.scalesPerBeat
    }

    /// Cycles from the start command to the last result in memory for `rows` rows per port,
    /// when the memory never stalls (fixed `readLatency`); `matVecCycles(…, hbmEfficiency:)`.
    public func matVecCycles(rows: Int, columns: Int, readLatency: Int) -> Int {
        Int(matVecCycles(rows: rows, columns: columns, readLatency: readLatency, hbmEfficiency: 1))
    }

    /// The same with each of `ports` ports delivering `hbmEfficiency` beats per cycle on
    /// average. Two bounds on the streaming, the later wins:
    /// - the port: every beat through the shared R channel;
    /// - the PEs: the first burst of each stream arrives (in AR order: groups, parameters,
    ///   scales, each burst whole), then one unit per cycle.
    /// Then the results: the last row through stage A, the PE, the row-sum register and the
    /// scale unit, into the result beat, and the write engine's last burst (its address goes
    /// out once all its beats are buffered), its B response and the done report.
    /// A command ends with its slowest port (`barrierCycles`). Holds while the read latency
    /// is below `maxHiddenReadLatency`.
    public func matVecCycles(rows: Int, columns: Int, readLatency: Int, hbmEfficiency: Double, ports: Int = 1) -> Double {
        let shape = engine.rowUnits(columns: columns)
        let burst = engine.reader.maxBurstBeats, scaleBurst = engine.port.scaleReader.maxBurstBeats
        let scaleBeats = (rows + engine.port.scalesPerBeat - 1) / engine.port.scalesPerBeat
        let firstBursts = min(burst, engine.groupStreamBeats(rows: rows, columns: columns)) + min(burst, rows * shape.parameterBeats)
            + min(scaleBurst, scaleBeats)
        let beats = portBeats(rows: rows, columns: columns)
        let streamed = max(Double(beats) / hbmEfficiency,
                           Double(firstBursts) / hbmEfficiency + Double(rows * shape.units))
        let resultBeats = (rows * engine.tokens * 4 + engine.reader.bus.bytesPerBeat - 1) / engine.reader.bus.bytesPerBeat
        let lastWriteBurst = (resultBeats - 1) % engine.port.writer.maxBurstBeats + 1
        return Double(Self.commandToRequest + readLatency + MatVecPort.resultLatency + Self.resultStages + lastWriteBurst) + streamed
            + Self.barrierCycles(beats: beats, hbmEfficiency: hbmEfficiency, ports: ports)
    }

    /// The expected wait for the slowest of `ports` ports, each streaming `beats` beats at
    /// `hbmEfficiency` with a gap before a beat independently each cycle (the co-simulation
    /// memory model's `readGapProbability`): a port's stream takes beats / e cycles with a
    /// spread of √(beats · (1 − e)) / e, and the lockstep (and the command's end) waits for
    /// the latest, E[max of `ports` standard normals] spreads later. Zero at efficiency 1
    /// and on one port; 1,028 beats at 0.9 on 4 and 8 ports: 11.6 and 16.0 cycles
    /// (Verilator, 8 seeds each: 13.6 and 18.1 over one port).
    public static func barrierCycles(beats: Int, hbmEfficiency: Double, ports: Int) -> Double {
        guard ports > 1, hbmEfficiency < 1 else { return 0 }
        return expectedMaximumOfStandardNormals(ports) * (Double(beats) * (1 - hbmEfficiency)).squareRoot() / hbmEfficiency
    }

    /// E[max of n independent standard normals] = ∫ x · n φ(x) Φ(x)^(n−1) dx, by the
    /// midpoint rule over ±10 (1.029 for 4, 2.070 for 32).
    public static func expectedMaximumOfStandardNormals(_ n: Int) -> Double {
        let steps = 4_000, low = -10.0, width = 20.0 / Double(steps)
        var sum = 0.0
        for step in 0..<steps {
            let x = low + (Double(step) + 0.5) * width
            let density = exp(-x * x / 2) / (2 * Double.pi).squareRoot()
            let cumulative = 0.5 * (1 + erf(x / 2.0.squareRoot()))
            sum += x * Double(n) * density * pow(cumulative, Double(n - 1)) * width
        }
        return sum
    }

    // Stage counts of the RTL, checked against Verilator (`performanceModelMatchesMeasuredCycles`).
    /// The longest read latency one beat per cycle survives: a burst is requested only when
    /// the FIFO has room for it on top of every beat in flight.
    public var maxHiddenReadLatency: Int { engine.reader.fifoDepth - engine.reader.maxBurstBeats - Self.commandToRequest }

    static let commandToRequest = 3
    /// After the scale unit: collection into the result beat, the result FIFO, the write
    /// engine's AW, the B response and the done flags.
    static let resultStages = 9

    /// Beats one port reads for its share of a matrix's rows (groups, parameters, scales).
    public func channelBeats(_ linear: ModelShape.Linear) -> Double {
        Double(portBeats(rows: (linear.rows + ports - 1) / ports, columns: linear.columns))
    }

    /// Cycles of one matrix-vector product spread over all ports, each port's beats
    /// arriving at `hbmEfficiency` per cycle, the slowest port's spread included (at
    /// efficiency 1 exactly `matVecCycles`, which the co-simulation checks).
    public func cycles(_ linear: ModelShape.Linear, hbmEfficiency: Double, readLatency: Int = 64) -> Double {
        matVecCycles(rows: (linear.rows + ports - 1) / ports, columns: linear.columns, readLatency: readLatency, hbmEfficiency: hbmEfficiency,
                     ports: ports)
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
        /// The bound of the format at this HBM efficiency: tokens/s if every port streamed
        /// its beats (weights and KV cache) without an idle cycle.
        public let bandwidthBoundTokensPerSecond: Double
    }

    /// Decode tokens/s of `model` at `context` tokens.
    public func decode(_ model: ModelShape, context: Int, sinks: Int, window: Int, hbmEfficiency: Double) -> DecodePrediction {
        let commands = model.commandsPerToken
        let weightCycles = commands.map { cycles($0, hbmEfficiency: hbmEfficiency) }.reduce(0, +)
        let positions = Self.attendedPositions(context: context, sinks: sinks, window: window)
        let kvBeats = kvBytesPerLayer(model, positions: positions) * Double(model.layers) / Double(beatBytes) / Double(ports)
        let kvCycles = kvBeats / hbmEfficiency
        let beats = commands.map(channelBeats).reduce(0, +) + kvBeats
        let total = weightCycles + kvCycles
        let clock = configuration.target.kernelClock
        return DecodePrediction(context: context, attendedPositions: positions, weightCycles: weightCycles, kvCycles: kvCycles,
                                tokensPerSecond: clock / total, bandwidthUse: beats / total,
                                bandwidthBoundTokensPerSecond: clock * hbmEfficiency / beats)
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
        let weightCyclesPerPass = model.commandsPerToken.map { cycles($0, hbmEfficiency: hbmEfficiency) }.reduce(0, +)
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
        model.commandsPerToken.map(channelBeats).reduce(0, +) * Double(ports * beatBytes)
    }
}
