import HDL
import Numerics

/// The matrix engine of one HBM port: streams a layer's packed
/// 2:4 W2 rows (the `.rce` "groups" array) and their group parameters (the "parameters"
/// array) over two AXI read engines, and multiplies every row with the INT8 activation
/// vectors of `tokens` tokens held on chip, giving each row's exact `rowSum` per token
/// (`Numerics.SparseDotProduct`). One token is decode (matrix-vector); several are
/// prefill (matrix-matrix), where every weight beat read serves all tokens: a copy of the
/// PEs per token, so weight traffic per token falls by the token count.
///
/// One 512-bit group beat (64 sparse groups, 256 dense columns of one row) enters per
/// cycle: its eight 8-lane PEs each take one W2 quantization group of 32 columns
/// (`groupSize` = 4 · PE lanes), their partial row sums add up at the row's end. A
/// parameter beat (32 (mantissa, zero) pairs) serves four group beats. The rows of one
/// command are contiguous in memory (row strides of one beat multiple, as in `.rce`).
///
/// Inputs (under a valid strobe `in_valid`): `op` 1 writes `act_data` (256 INT8
/// activations) to activation word `act_address` of token `act_token` (when `tokens` > 1);
/// `op` 2 starts a matrix of `cmd_rows`
/// rows of `cmd_group_beats` group beats and `cmd_param_beats` parameter beats each, at
/// `cmd_group_address` and `cmd_param_address`. Output: `row_sum_<t>` for every token t
/// with `out_valid`, once per row, in row order. Scale application (`rowScale`, activation scale) follows in
/// fp32 outside this engine.
public struct MatVecEngine: Sendable, Hashable {
    public let pe: SparsePE
    /// The read engine of both streams (groups and parameters), one module placed twice.
    public let reader: AXIReadEngine
    /// Activation words (256 activations each): rows up to `maxColumns` dense columns.
    public let activationWords: Int
    /// Tokens multiplied with each weight beat: 1 for decode, more for prefill.
    public let tokens: Int

    public static let commandWidth = 32
    public static let parameterBytesPerGroup = 2

    public init(configuration: AcceleratorConfiguration, tokens: Int = 1) throws {
        guard tokens >= 1, tokens <= 16 else { throw AccelConfigurationError("an engine multiplies 1...16 tokens per weight beat, got \(tokens)") }
        self.tokens = tokens
        let dataWidth = configuration.target.hbm.portDataWidth
        pe = try SparsePE(lanes: configuration.peLanes, maxGroupSize: configuration.groupSize, maxColumns: configuration.maxColumns)
        guard configuration.groupSize == configuration.peLanes * SparseGroup.denseWidth else {
            throw AccelConfigurationError("the matrix-vector engine gives each PE one quantization group per beat: group size \(configuration.groupSize) must be 4 × \(configuration.peLanes) lanes")
        }
        let groupsPerBeat = dataWidth / 8
        guard groupsPerBeat % configuration.peLanes == 0 else {
            throw AccelConfigurationError("a \(dataWidth)-bit beat's \(groupsPerBeat) groups do not split into \(configuration.peLanes)-lane PEs")
        }
        let beatsPerParameter = groupsPerBeat / (Self.parameterBytesPerGroup * (groupsPerBeat / configuration.peLanes))
        guard beatsPerParameter >= 2, beatsPerParameter.nonzeroBitCount == 1 else {
            throw AccelConfigurationError("a parameter beat must serve a power of two (at least 2) of group beats; \(configuration.peLanes)-lane PEs give \(beatsPerParameter)")
        }
        // Eight 16-beat bursts in flight hide read latencies up to about 100 cycles
        // (the FIFO must hold a latency's worth of beats plus one burst).
        // One read engine module serves both streams; the engine renames its port.
        reader = try AXIReadEngine(name: "hbm", dataWidth: dataWidth, maxBurstBeats: 16, maxOutstanding: 8)
        activationWords = (configuration.maxColumns + columnsPerBeat(dataWidth) - 1) / columnsPerBeat(dataWidth)
    }

    var dataWidth: Int { reader.bus.dataWidth }
    /// Sparse groups (bytes) per group beat.
    public var groupsPerBeat: Int { dataWidth / 8 }
    public var pesPerBeat: Int { groupsPerBeat / pe.lanes }
    /// Group beats one parameter beat serves.
    public var groupBeatsPerParameterBeat: Int { (dataWidth / 8) / (Self.parameterBytesPerGroup * pesPerBeat) }
    public var rowSumWidth: Int { pe.rowSumWidth + pesPerBeat.bitWidthNeeded }
    /// The PEs' DSPs plus the two `rows × beats per row` command multiplies (32 × 16 bits,
    /// two DSP48E2 each, used once per matrix; host-supplied totals would save them).
    public var promisedDSPs: Int { tokens * pesPerBeat * pe.promisedDSPs + Self.commandMultiplierDSPs }
    static let commandMultiplierDSPs = 4

    public func module() throws -> Module {
        let peModule = try pe.module()
        let readerModule = try reader.module(), readerPort = reader.name
        let dataWidth = self.dataWidth, pes = pesPerBeat, lanes = pe.lanes
        let activationWidth = groupsPerBeat * SparseGroup.denseWidth * 8
        let addressWidth = MemoryAddressing.width(activationWords)
        let beatsPerParameter = groupBeatsPerParameterBeat
        let sliceBytes = pes * Self.parameterBytesPerGroup
        let tokens = self.tokens
        return try Module("MatVecEngine", parameters: ["w": dataWidth, "pes": pes, "lanes": lanes, "words": activationWords, "tokens": tokens]) { m in
            let clk = m.input("clk")
            let ce = m.input("ce")
            let resetN = m.input("rst_n")
            m.clockDomain = ClockDomain(clock: clk, reset: .activeLow(resetN))
            let inValid = m.input("in_valid")
            let op = m.input("op", .unsigned(2))
            let actAddress = m.input("act_address", .unsigned(addressWidth))
            let actData = m.input("act_data", .unsigned(activationWidth))
            let cmdRows = m.input("cmd_rows", .unsigned(Self.commandWidth))
            let cmdGroupBeats = m.input("cmd_group_beats", .unsigned(16))
            let cmdParamBeats = m.input("cmd_param_beats", .unsigned(16))
            let cmdGroupAddress = m.input("cmd_group_address", .unsigned(64))
            let cmdParamAddress = m.input("cmd_param_address", .unsigned(64))

            let actToken = tokens > 1 ? m.input("act_token", .unsigned(MemoryAddressing.width(tokens))) : nil
            let activationMemories = (0..<tokens).map { token -> Memory in
                let memory = m.memory("activations_\(token)", depth: activationWords, .unsigned(activationWidth))
                let selected = actToken.map { $0 == token } ?? Signal.constant(1, .bit)
                memory.write(address: actAddress, data: actData, enable: ce && inValid && op == 1 && selected)
                return memory
            }
            let start = m.wire("start", inValid && op == 2)

            // Matrix geometry, latched at the start.
            let groupBeats = m.register("group_beats", .unsigned(16), resetValue: 0, enable: ce && start)
            groupBeats.assign(cmdGroupBeats)
            let totalGroupBeats = (cmdRows * cmdGroupBeats).truncated(to: AXIReadEngine.beatCountWidth)
            let totalParamBeats = (cmdRows * cmdParamBeats).truncated(to: AXIReadEngine.beatCountWidth)

            // The two streams: one read engine each, its AXI port renamed m_axi_groups / m_axi_params.
            func stream(_ name: String, address: Signal, beats: Signal) -> Instance {
                let instance = m.instance(readerModule, name: "\(name)_reader", inputs: [
                    "clk": clk, "ce": ce, "rst_n": resetN, "cmd_valid": start, "cmd_address": address, "cmd_beats": beats,
                ])
                m.forwardAXI4ReadMaster(name, AXI4Configuration(dataWidth: dataWidth), from: instance, childPort: readerPort)
                return instance
            }
            let groups = stream("groups", address: cmdGroupAddress, beats: totalGroupBeats)
            let params = stream("params", address: cmdParamAddress, beats: totalParamBeats)

            // Consume a group beat when its parameters are there too.
            let beatInRow = m.register("beat_in_row", .unsigned(16), resetValue: 0, enable: ce)
            let consume = m.wire("consume", groups["out_valid"] && params["out_valid"])
            let rowLast = m.wire("row_last_now", beatInRow == (groupBeats &- 1))
            let slot = m.wire("parameter_slot", beatInRow.truncated(to: max(1, beatsPerParameter.trailingZeroBitCount)))
            let parameterDone = m.wire("parameter_done", rowLast || slot == (beatsPerParameter - 1))
            beatInRow.assign(mux(start, Signal.zeros(.unsigned(16)), mux(consume, mux(rowLast, Signal.zeros(.unsigned(16)), beatInRow &+ 1), beatInRow)))
            groups.connect("out_ready", to: consume)
            params.connect("out_ready", to: consume && parameterDone)

            // Stage A: the beat, its parameter slice, and the activation word read.
            let words = activationMemories.enumerated().map { token, memory in
                memory.read(address: beatInRow.truncated(to: addressWidth), enable: ce && consume, name: "activation_word_\(token)")
            }
            let beatValid = m.register("beat_valid", .bit, resetValue: 0, enable: ce)
            beatValid.assign(consume)
            let beatData = m.register("beat_data", .unsigned(dataWidth), enable: ce && consume)
            beatData.assign(groups["out_data"])
            let sliceWidth = sliceBytes * 8
            let slices = (0..<beatsPerParameter).map { params["out_data"][($0 * sliceWidth)..<(($0 + 1) * sliceWidth)] }
            let parameterSlice = m.register("parameter_slice", .unsigned(sliceWidth), enable: ce && consume)
            parameterSlice.assign(Signal.pick(slices, at: slot))
            let beatRowLast = m.register("beat_row_last", .bit, enable: ce && consume)
            beatRowLast.assign(rowLast)

            // Stage B: per token, the PEs, one W2 quantization group each.
            var rowEnds: [Signal] = []
            for (token, word) in words.enumerated() {
                var partials: [Signal] = []
                for index in 0..<pes {
                    let peActivations = word[(index * lanes * 32)..<((index + 1) * lanes * 32)]
                    let peWeights = beatData[(index * lanes * 8)..<((index + 1) * lanes * 8)]
                    let mantissa = parameterSlice[(index * 16)..<(index * 16 + 8)]
                    let zero = parameterSlice[(index * 16 + 8)..<(index * 16 + 10)]
                    let unit = m.instance(peModule, name: "pe\(index)_t\(token)", inputs: [
                        "clk": clk, "ce": ce, "rst_n": resetN, "in_valid": beatValid, "activations": peActivations,
                        "weights": peWeights, "zero": zero, "mantissa": mantissa,
                        "group_last": Signal.constant(1, .bit), "row_last": beatRowLast,
                    ])
                    partials.append(unit["row_sum"])
                    rowEnds.append(unit["out_valid"])
                }
                let rowSum = m.register("row_sum_r\(token)", .signed(rowSumWidth), enable: ce)
                rowSum.assign(adderTree(partials).resized(to: rowSumWidth))
                m.output("row_sum_\(token)", rowSum)
            }
            let outValid = m.register("out_valid_r", .bit, resetValue: 0, enable: ce)
            // All PEs see the same beats, so their row ends coincide; the first speaks for all.
            outValid.assign(rowEnds[0])
            m.output("out_valid", outValid)
        }
    }
}

/// Columns one beat of `dataWidth` bits of group bytes covers.
func columnsPerBeat(_ dataWidth: Int) -> Int { dataWidth / 8 * SparseGroup.denseWidth }

extension MatVecEngine {
    /// Beats one row of a matrix with `columns` dense inputs occupies in the `.rce`
    /// arrays the engine reads: the group bytes (`ceil(columns / 4)`, padded to a beat) and
    /// the (mantissa, zero) pairs (`2 · ceil(columns / groupSize)` bytes, padded to a beat).
    public func rowBeats(columns: Int) -> (groups: Int, parameters: Int) {
        let bytesPerBeat = dataWidth / 8
        let groupBytes = (columns + SparseGroup.denseWidth - 1) / SparseGroup.denseWidth
        let parameterBytes = Self.parameterBytesPerGroup * ((columns + pe.maxGroupSize - 1) / pe.maxGroupSize)
        return ((groupBytes + bytesPerBeat - 1) / bytesPerBeat, (parameterBytes + bytesPerBeat - 1) / bytesPerBeat)
    }

    /// Dense columns one activation word holds (one group beat's worth).
    public var columnsPerActivationWord: Int { columnsPerBeat(dataWidth) }
}
