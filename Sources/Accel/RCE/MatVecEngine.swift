import HDL
import Numerics

/// The matrix engine: `ports` HBM ports (`MatVecPort`s), each streaming one block of a
/// layer's packed 2:4 W2 rows with their group parameters and row scales (the `.rce`
/// arrays) and writing that block's fp32 results back, all multiplying with the INT8
/// activation vectors of `tokens` tokens held once on chip. One token is decode
/// (matrix-vector); several are prefill (matrix-matrix), where every weight beat read
/// serves all tokens: a copy of the PEs per token, so weight traffic per token falls by the
/// token count.
///
/// One unit (64 sparse groups, 256 dense columns of one row; 448 bits of the `.rce` group
/// stream, `SparseGroupDecoder`) enters per port per cycle: its eight 8-lane PEs each take
/// one W2 quantization group of 32 columns (`groupSize` = 4 · PE lanes), their partial row
/// sums add up at the row's end. A parameter beat (64 (mantissa, zero) bytes) serves eight
/// units, a row-scale beat 16 rows. The rows of one command are contiguous in each port's
/// memory, as in `.rce`: groups at 56 bytes per unit, parameters at a beat multiple per row.
///
/// The ports run in lockstep: every port's block has `cmd_rows` rows of the same length,
/// and a beat is consumed on all ports in the same cycle, when every port is `ready`. So
/// one activation word, read once, serves all ports' PEs (one activation memory per token,
/// not one per port). A layer whose rows do not split evenly gives the last blocks
/// zero-padded rows (padding groups, zero parameters, any positive row scale), whose
/// results the host ignores.
///
/// Inputs (under a valid strobe `in_valid`): `op` 1 writes `act_data` (256 INT8
/// activations) to activation word `act_address` of token `act_token` (when `tokens` > 1);
/// `op` 2 starts a matrix of `cmd_rows` rows per port, of `cmd_row_units` units
/// and `cmd_param_beats` parameter beats each, with the tokens' A8 scales
/// `cmd_activation_scale_<t>` (binary32); port p reads its block at
/// `cmd_group_address_<p>` (a byte address, a multiple of 8), `cmd_param_address_<p>` and `cmd_scale_address_<p>` (the beat
/// holding its first row scale, which is word `cmd_scale_skip_<p>` of it) and writes
/// `rows × tokens` fp32 results (row-major, token fastest) from `cmd_out_address_<p>`.
/// AXI ports: `m_axi_hbm<p>` (reads with ARID = stream, writes with ID 0). Output:
/// `out_valid` once per command, when every port's results are in memory, with `rows`
/// (the command's row count per port).
public struct MatVecEngine: Sendable, Hashable {
    public let pe: SparsePE
    /// One port's streams, PEs, scale units and result writer, placed `ports` times.
    public let port: MatVecPort
    /// Activation words (256 activations each): rows up to `maxColumns` dense columns.
    public let activationWords: Int
    /// Tokens multiplied with each weight beat: 1 for decode, more for prefill.
    public let tokens: Int
    /// HBM ports streaming row blocks in lockstep, sharing the activation memory.
    public let ports: Int

    public static let commandWidth = 32
    /// One `WeightGroupParameters.byte` per quantization group.
    public static let parameterBytesPerGroup = 1

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
        port = try MatVecPort(pe: pe, dataWidth: dataWidth, tokens: tokens)
        activationWords = (configuration.maxColumns + columnsPerBeat(dataWidth) - 1) / columnsPerBeat(dataWidth)
    }

    /// The group stream's read engine (eight 16-beat bursts in flight hide
    /// read latencies up to about 100 cycles).
    public var reader: AXIReadEngine { port.reader }
    var dataWidth: Int { reader.bus.dataWidth }
    public var pesPerBeat: Int { port.pesPerBeat }
    /// Units one parameter beat serves.
    public var unitsPerParameterBeat: Int { port.unitsPerParameterBeat }
    public var rowSumWidth: Int { port.scaleUnit.rowSumWidth }
    /// Every port's DSPs plus the two `rows × beats per row` command multiplies (32 × 16
    /// bits, two DSP48E2 each, used once per matrix; host-supplied totals would save them).
    public var promisedDSPs: Int { ports * port.promisedDSPs + Self.commandMultiplierDSPs }
    static let commandMultiplierDSPs = 4

    public func module() throws -> Module {
        let portModule = try port.module()
        let dataWidth = self.dataWidth, tokens = self.tokens, ports = self.ports
        let activationWidth = port.activationWidth
        let addressWidth = MemoryAddressing.width(activationWords)
        let beatsPerParameter = unitsPerParameterBeat
        let wordsPerBeat = dataWidth / 32, skipWidth = port.scalesPerBeat.trailingZeroBitCount
        return try Module("MatVecEngine", parameters: ["w": dataWidth, "pes": pesPerBeat, "lanes": pe.lanes, "words": activationWords, "tokens": tokens, "ports": ports]) { m in
            let (clk, ce, resetN) = m.clockEnableAndReset()
            let inValid = m.input("in_valid")
            let op = m.input("op", .unsigned(2))
            let actAddress = m.input("act_address", .unsigned(addressWidth))
            let actData = m.input("act_data", .unsigned(activationWidth))
            let cmdRows = m.input("cmd_rows", .unsigned(Self.commandWidth))
            let cmdRowUnits = m.input("cmd_row_units", .unsigned(16))
            let cmdParamBeats = m.input("cmd_param_beats", .unsigned(16))
            let cmdActivationScales = (0..<tokens).map { m.input("cmd_activation_scale_\($0)", .unsigned(32)) }
            struct PortCommand { let group, parameters, scales, skip, out: Signal }
            let portCommands = (0..<ports).map { p in
                PortCommand(group: m.input("cmd_group_address_\(p)", .unsigned(64)), parameters: m.input("cmd_param_address_\(p)", .unsigned(64)),
                            scales: m.input("cmd_scale_address_\(p)", .unsigned(64)), skip: m.input("cmd_scale_skip_\(p)", .unsigned(skipWidth)),
                            out: m.input("cmd_out_address_\(p)", .unsigned(64)))
            }

            let actToken = tokens > 1 ? m.input("act_token", .unsigned(MemoryAddressing.width(tokens))) : nil
            let activationMemories = (0..<tokens).map { token -> Memory in
                let memory = m.memory("activations_\(token)", depth: activationWords, .unsigned(activationWidth))
                let selected = actToken.map { $0 == token } ?? Signal.constant(1, .bit)
                memory.write(address: actAddress, data: actData, enable: ce && inValid && op == 1 && selected)
                return memory
            }
            let start = m.wire("start", inValid && op == 2)

            // Matrix geometry and the tokens' scales, latched at the start.
            func latched(_ name: String, _ value: Signal) -> Signal { m.registered(name, value, resetValue: 0, enable: ce && start) }
            let rowUnits = latched("row_units", cmdRowUnits)
            let rows = latched("rows", cmdRows)
            let activationScales = cmdActivationScales.enumerated().map { latched("activation_scale_\($0.offset)", $0.element) }
            let totalUnits = (cmdRows * cmdRowUnits).truncated(to: AXIReadEngine.beatCountWidth)
            let totalParamBeats = (cmdRows * cmdParamBeats).truncated(to: AXIReadEngine.beatCountWidth)

            // Lockstep: one row position for every port.
            let beatInRow = m.register("beat_in_row", .unsigned(16), resetValue: 0, enable: ce)
            let rowIndex = m.register("row_index", .unsigned(Self.commandWidth), resetValue: 0, enable: ce)
            let resultWord = m.register("result_word", .unsigned(wordsPerBeat.trailingZeroBitCount), resetValue: 0, enable: ce)
            let consume = m.wire("consume", .bit)
            let rowLast = m.wire("row_last_now", beatInRow == (rowUnits &- 1))
            let lastRow = m.wire("last_row_now", rowIndex == (rows &- 1))
            let completesBeat = m.wire("completes_beat", resultWord == (wordsPerBeat - tokens) || lastRow)
            let slot = m.wire("parameter_slot", beatInRow.truncated(to: max(1, beatsPerParameter.trailingZeroBitCount)))
            let parameterDone = m.wire("parameter_done", rowLast || slot == (beatsPerParameter - 1))
            let rowEnds = consume && rowLast
            beatInRow.assign(mux(start, Signal.zeros(.unsigned(16)), mux(consume, mux(rowLast, Signal.zeros(.unsigned(16)), beatInRow &+ 1), beatInRow)))
            rowIndex.assign(mux(start, Signal.zeros(rowIndex.type), mux(rowEnds, rowIndex &+ 1, rowIndex)))
            resultWord.assign(mux(start, Signal.zeros(resultWord.type), mux(rowEnds, mux(completesBeat, Signal.zeros(resultWord.type), resultWord &+ tokens), resultWord)))

            // Stage A: the activation word, read once for every port.
            let words = activationMemories.enumerated().map { token, memory in
                memory.read(address: beatInRow.truncated(to: addressWidth), enable: ce && consume, name: "activation_word_\(token)")
            }
            let beatValid = m.register("beat_valid", .bit, resetValue: 0, enable: ce)
            beatValid.assign(consume)
            let beatRowLast = m.register("beat_row_last", .bit, enable: ce && consume)
            beatRowLast.assign(rowLast)

            var readies: [Signal] = [], dones: [Signal] = []
            for (p, command) in portCommands.enumerated() {
                var inputs: [String: Signal] = [
                    "clk": clk, "ce": ce, "rst_n": resetN, "start": start,
                    "cmd_group_address": command.group, "cmd_param_address": command.parameters,
                    "cmd_scale_address": command.scales, "cmd_scale_skip": command.skip, "cmd_out_address": command.out,
                    "rows": mux(start, cmdRows, rows), "group_units_total": totalUnits, "param_beats_total": totalParamBeats,
                    "consume": consume, "parameter_slot": slot, "parameter_done": parameterDone, "row_last": rowLast,
                    "last_row": lastRow, "completes_beat": completesBeat, "beat_valid": beatValid, "beat_row_last": beatRowLast,
                ]
                for token in 0..<tokens {
                    inputs["activation_scale_\(token)"] = activationScales[token]
                    inputs["activation_word_\(token)"] = words[token]
                }
                let instance = m.instance(portModule, name: "port\(p)", inputs: inputs)
                m.forwardAXI4ReadMaster("hbm\(p)", port.bus, from: instance, childPort: port.reader.name)
                m.forwardAXI4WriteMaster("hbm\(p)", port.bus, from: instance, childPort: port.writer.name)
                readies.append(instance["ready"])
                // A port's results are all in memory: held until the next start.
                let done = m.register("port_done_\(p)", .bit, resetValue: 0, enable: ce)
                done.assign(mux(start, Signal.constant(0, .bit), done || instance["done"]))
                dones.append(done)
            }
            consume.assign(readies.reduce(Signal.constant(1, .bit)) { $0 && $1 })

            // One `out_valid` per command, once every port is done.
            let reported = m.register("reported", .bit, resetValue: 0, enable: ce)
            let allDone = dones.reduce(Signal.constant(1, .bit)) { $0 && $1 }
            let outValid = m.wire("all_done", allDone && !reported && !start)
            reported.assign(mux(start, Signal.constant(0, .bit), reported || outValid))
            m.output("out_valid", outValid)
            m.output("rows_done", rows)
        }
    }
}

/// Columns one beat of `dataWidth` bits of group bytes covers.
func columnsPerBeat(_ dataWidth: Int) -> Int { dataWidth / 8 * SparseGroup.denseWidth }

extension MatVecEngine {
    /// One row of a matrix with `columns` dense inputs as the engine reads it from the
    /// `.rce` arrays: its units (one per cycle, `columnsPerActivationWord` columns each; at
    /// 512 bits the format's 56-byte units) and its parameter beats (the (mantissa, zero)
    /// bytes, `ceil(columns / groupSize)` of them, padded to a beat).
    public func rowUnits(columns: Int) -> (units: Int, parameterBeats: Int) {
        let bytesPerBeat = dataWidth / 8
        let parameterBytes = Self.parameterBytesPerGroup * ((columns + pe.maxGroupSize - 1) / pe.maxGroupSize)
        let wordColumns = columnsPerActivationWord
        return ((columns + wordColumns - 1) / wordColumns, (parameterBytes + bytesPerBeat - 1) / bytesPerBeat)
    }

    /// Group-stream beats a port reads for `rows` rows of `columns` starting `offset` bytes
    /// into a beat (a multiple of 8 at 512 bits).
    public func groupStreamBeats(rows: Int, columns: Int, offset: Int = 0) -> Int {
        SparseGroupDecoder.streamBeats(units: rows * rowUnits(columns: columns).units, offset: offset / (dataWidth / 64))
    }

    /// The AXI master ports, by signal prefix: one per HBM port.
    public var axiPortNames: [String] { (0..<ports).map { "m_axi_hbm\($0)" } }

    /// Dense columns one activation word holds (one unit's worth).
    public var columnsPerActivationWord: Int { columnsPerBeat(dataWidth) }
}
