import HDL
import Numerics

/// The matrix engine: `ports` HBM ports, each streaming one block of a layer's packed
/// 2:4 W2 rows (the `.rce` "groups" array) and their group parameters (the "parameters"
/// array) over two AXI read engines, all multiplying with the INT8 activation vectors of
/// `tokens` tokens held once on chip, giving each row's exact `rowSum` per token
/// (`Numerics.SparseDotProduct`). One token is decode (matrix-vector); several are
/// prefill (matrix-matrix), where every weight beat read serves all tokens: a copy of the
/// PEs per token, so weight traffic per token falls by the token count.
///
/// One 512-bit group beat (64 sparse groups, 256 dense columns of one row) enters per
/// port per cycle: its eight 8-lane PEs each take one W2 quantization group of 32 columns
/// (`groupSize` = 4 · PE lanes), their partial row sums add up at the row's end. A
/// parameter beat (32 (mantissa, zero) pairs) serves four group beats. The rows of one
/// command are contiguous in each port's memory (row strides of one beat multiple, as in
/// `.rce`).
///
/// The ports run in lockstep: every port's block has `cmd_rows` rows of the same length,
/// and a beat is consumed on all ports in the same cycle, when every port has one. So one
/// activation word, read once, serves all ports' PEs (one activation memory per token,
/// not one per port). A layer whose rows do not split evenly gives the last blocks
/// zero-padded rows (padding groups, parameters zero), whose sums are 0 and are dropped.
///
/// Inputs (under a valid strobe `in_valid`): `op` 1 writes `act_data` (256 INT8
/// activations) to activation word `act_address` of token `act_token` (when `tokens` > 1);
/// `op` 2 starts a matrix of `cmd_rows` rows per port, of `cmd_group_beats` group beats
/// and `cmd_param_beats` parameter beats each, at `cmd_group_address_<p>` and
/// `cmd_param_address_<p>` for port p. AXI ports: `m_axi_groups<p>`, `m_axi_params<p>`.
/// Output: `row_sum_p<p>_t<t>` for every port p and token t with `out_valid`, once per row
/// period (all ports' rows i together), in row order. Scale application (`rowScale`,
/// activation scale) follows in fp32 outside this engine.
public struct MatVecEngine: Sendable, Hashable {
    public let pe: SparsePE
    /// The read engine of both streams (groups and parameters), one module placed twice.
    public let reader: AXIReadEngine
    /// Activation words (256 activations each): rows up to `maxColumns` dense columns.
    public let activationWords: Int
    /// Tokens multiplied with each weight beat: 1 for decode, more for prefill.
    public let tokens: Int
    /// HBM ports streaming row blocks in lockstep, sharing the activation memory.
    public let ports: Int

    public static let commandWidth = 32
    public static let parameterBytesPerGroup = 2

    public init(configuration: AcceleratorConfiguration, tokens: Int = 1, ports: Int = 1) throws {
        guard tokens >= 1, tokens <= 16 else { throw AccelConfigurationError("an engine multiplies 1...16 tokens per weight beat, got \(tokens)") }
        guard ports >= 1, ports <= configuration.target.hbm.channels else {
            throw AccelConfigurationError("an engine drives 1...\(configuration.target.hbm.channels) HBM ports on \(configuration.target.name), got \(ports)")
        }
        self.tokens = tokens
        self.ports = ports
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
    public var promisedDSPs: Int { ports * tokens * pesPerBeat * pe.promisedDSPs + Self.commandMultiplierDSPs }
    static let commandMultiplierDSPs = 4

    public func module() throws -> Module {
        let peModule = try pe.module()
        let readerModule = try reader.module(), readerPort = reader.name
        let dataWidth = self.dataWidth, pes = pesPerBeat, lanes = pe.lanes
        let activationWidth = groupsPerBeat * SparseGroup.denseWidth * 8
        let addressWidth = MemoryAddressing.width(activationWords)
        let beatsPerParameter = groupBeatsPerParameterBeat
        let sliceBytes = pes * Self.parameterBytesPerGroup
        let tokens = self.tokens, ports = self.ports
        return try Module("MatVecEngine", parameters: ["w": dataWidth, "pes": pes, "lanes": lanes, "words": activationWords, "tokens": tokens, "ports": ports]) { m in
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
            let cmdGroupAddresses = (0..<ports).map { m.input("cmd_group_address_\($0)", .unsigned(64)) }
            let cmdParamAddresses = (0..<ports).map { m.input("cmd_param_address_\($0)", .unsigned(64)) }

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

            // Per port, the two streams: one read engine each, its AXI port renamed
            // m_axi_groups<p> / m_axi_params<p>.
            func stream(_ name: String, address: Signal, beats: Signal) -> Instance {
                let instance = m.instance(readerModule, name: "\(name)_reader", inputs: [
                    "clk": clk, "ce": ce, "rst_n": resetN, "cmd_valid": start, "cmd_address": address, "cmd_beats": beats,
                ])
                m.forwardAXI4ReadMaster(name, AXI4Configuration(dataWidth: dataWidth), from: instance, childPort: readerPort)
                return instance
            }
            let groups = (0..<ports).map { stream("groups\($0)", address: cmdGroupAddresses[$0], beats: totalGroupBeats) }
            let params = (0..<ports).map { stream("params\($0)", address: cmdParamAddresses[$0], beats: totalParamBeats) }

            // Consume a group beat on every port at once, when every port has its beat and
            // its parameters (lockstep: the ports share the row position and the activation word).
            let beatInRow = m.register("beat_in_row", .unsigned(16), resetValue: 0, enable: ce)
            let everyPortReady = (groups + params).map { $0["out_valid"] }.reduce(Signal.constant(1, .bit)) { $0 && $1 }
            let consume = m.wire("consume", everyPortReady)
            let rowLast = m.wire("row_last_now", beatInRow == (groupBeats &- 1))
            let slot = m.wire("parameter_slot", beatInRow.truncated(to: max(1, beatsPerParameter.trailingZeroBitCount)))
            let parameterDone = m.wire("parameter_done", rowLast || slot == (beatsPerParameter - 1))
            beatInRow.assign(mux(start, Signal.zeros(.unsigned(16)), mux(consume, mux(rowLast, Signal.zeros(.unsigned(16)), beatInRow &+ 1), beatInRow)))
            for port in 0..<ports {
                groups[port].connect("out_ready", to: consume)
                params[port].connect("out_ready", to: consume && parameterDone)
            }

            // Stage A: per port the beat and its parameter slice; the activation word, read once.
            let words = activationMemories.enumerated().map { token, memory in
                memory.read(address: beatInRow.truncated(to: addressWidth), enable: ce && consume, name: "activation_word_\(token)")
            }
            let beatValid = m.register("beat_valid", .bit, resetValue: 0, enable: ce)
            beatValid.assign(consume)
            let sliceWidth = sliceBytes * 8
            let beats = (0..<ports).map { port -> (data: Signal, parameters: Signal) in
                let beatData = m.register("beat_data_\(port)", .unsigned(dataWidth), enable: ce && consume)
                beatData.assign(groups[port]["out_data"])
                let slices = (0..<beatsPerParameter).map { params[port]["out_data"][($0 * sliceWidth)..<(($0 + 1) * sliceWidth)] }
                let parameterSlice = m.register("parameter_slice_\(port)", .unsigned(sliceWidth), enable: ce && consume)
                parameterSlice.assign(Signal.pick(slices, at: slot))
                return (beatData, parameterSlice)
            }
            let beatRowLast = m.register("beat_row_last", .bit, enable: ce && consume)
            beatRowLast.assign(rowLast)

            // Stage B: per port and token, the PEs, one W2 quantization group each.
            var rowEnds: [Signal] = []
            for (port, beat) in beats.enumerated() {
                for (token, word) in words.enumerated() {
                    var partials: [Signal] = []
                    for index in 0..<pes {
                        let peActivations = word[(index * lanes * 32)..<((index + 1) * lanes * 32)]
                        let peWeights = beat.data[(index * lanes * 8)..<((index + 1) * lanes * 8)]
                        let mantissa = beat.parameters[(index * 16)..<(index * 16 + 8)]
                        let zero = beat.parameters[(index * 16 + 8)..<(index * 16 + 10)]
                        let unit = m.instance(peModule, name: "pe\(index)_p\(port)_t\(token)", inputs: [
                            "clk": clk, "ce": ce, "rst_n": resetN, "in_valid": beatValid, "activations": peActivations,
                            "weights": peWeights, "zero": zero, "mantissa": mantissa,
                            "group_last": Signal.constant(1, .bit), "row_last": beatRowLast,
                        ])
                        partials.append(unit["row_sum"])
                        rowEnds.append(unit["out_valid"])
                    }
                    let rowSum = m.register("row_sum_r_p\(port)_t\(token)", .signed(rowSumWidth), enable: ce)
                    rowSum.assign(adderTree(partials).resized(to: rowSumWidth))
                    m.output("row_sum_p\(port)_t\(token)", rowSum)
                }
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

    /// The AXI master ports, by signal prefix: per port its group and parameter streams.
    public var axiPortNames: [String] { (0..<ports).flatMap { ["m_axi_groups\($0)", "m_axi_params\($0)"] } }

    /// Dense columns one activation word holds (one group beat's worth).
    public var columnsPerActivationWord: Int { columnsPerBeat(dataWidth) }
}
