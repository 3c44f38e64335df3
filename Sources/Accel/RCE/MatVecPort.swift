import HDL
import Numerics

/// One HBM port's share of the matrix engine (`MatVecEngine` places one per port and
/// drives them in lockstep): everything between the port's pseudo-channel and the row
/// results it writes back.
///
/// - Three read streams of its block of rows, from the `.rce` arrays (docs/format.md):
///   the sparse groups (7-bit fields, a `SparseGroupDecoder` cuts one unit of 64 groups a
///   cycle from 7 beats per 8 units), the group-parameter beats (one per eight units at
///   g32) and the row scales (16 fp32 per beat), each an `AXIReadEngine`, sharing the
///   port's read channels through an `AXIReadMux` (ARID = stream).
/// - Per token the PEs: one W2 group of 32 columns each, 64 groups per beat; the exact
///   integer `rowSum` of a row at its end (`Numerics.SparseDotProduct.rowSum`).
/// - Per token a `RowScaleUnit`: `y = (Float(rowSum) · rowScale) · activationScale`
///   (`SparseDotProduct.output`), binary32.
/// - The results, `y` of every row and token (row-major, token fastest, fp32), packed 16 to
///   a beat and written with an `AXIWriteEngine` on the same port's write channels; `done`
///   when the last B response is back.
///
/// The engine decides when a beat is consumed (`consume`, the same cycle on every port)
/// from every port's `ready`: this port has its group, parameter and row-scale beats, and
/// room for the result beat the row may complete. Room is counted exactly: a row that
/// will complete a result beat (`completes_beat`, a function of the row index the engine
/// knows) reserves a slot of the result FIFO when its last weight beat is consumed, and the
/// slot frees when the write engine takes the beat; so results never need backpressure
/// into the fixed-latency PE and scale pipelines.
public struct MatVecPort: Sendable, Hashable {
    public let pe: SparsePE
    /// The group and parameter streams' read engine (one module placed twice), paced: the
    /// port requests the two in step (see `module()`).
    public let reader: AXIReadEngine
    /// The row-scale stream's read engine: one beat serves 16 rows, so a smaller FIFO, but
    /// deep enough in time: a scale burst queues behind up to 16 group and parameter
    /// bursts (256 beats) on the shared R channel, so 32 beats (512 rows) are kept ahead.
    public let scaleReader: AXIReadEngine
    public let multiplexer: AXIReadMux
    public let writer: AXIWriteEngine
    public let scaleUnit: RowScaleUnit
    public let decoder: SparseGroupDecoder
    public let tokens: Int
    public let activationWidth: Int

    /// Result beats the FIFO in front of the write engine holds: more than the rows in
    /// flight between consumption and collection can complete (about 26 rows, at most
    /// 26 · tokens / 16 beats), so it never stops the stream.
    public static let resultFIFODepth = 8
    /// Row scales (fp32) per beat.
    public var scalesPerBeat: Int { reader.bus.bytesPerBeat / 4 }
    var dataWidth: Int { reader.bus.dataWidth }
    /// PEs per unit: a unit's `dataWidth / 8` groups over `pe.lanes`-lane PEs.
    public var pesPerBeat: Int { dataWidth / 8 / pe.lanes }
    /// Bits of a parameter beat one unit takes: a parameter byte (mantissa, zero) per PE.
    var parameterSliceWidth: Int { pesPerBeat * MatVecEngine.parameterBytesPerGroup * 8 }
    /// Units one parameter beat serves.
    public var unitsPerParameterBeat: Int { dataWidth / parameterSliceWidth }

    /// Checks the beat geometry: a unit's groups split into whole PEs, and a parameter beat
    /// serves a power of two (at least 2) of units.
    init(pe: SparsePE, dataWidth: Int, tokens: Int) throws {
        let groupsPerUnit = dataWidth / 8
        guard groupsPerUnit % pe.lanes == 0 else {
            throw AccelConfigurationError("a \(dataWidth)-bit beat's \(groupsPerUnit) groups do not split into \(pe.lanes)-lane PEs")
        }
        let unitsPerParameterBeat = groupsPerUnit / (MatVecEngine.parameterBytesPerGroup * (groupsPerUnit / pe.lanes))
        guard unitsPerParameterBeat >= 2, unitsPerParameterBeat.nonzeroBitCount == 1 else {
            throw AccelConfigurationError("a parameter beat must serve a power of two (at least 2) of units; \(pe.lanes)-lane PEs give \(unitsPerParameterBeat)")
        }
        let rowSumWidth = pe.rowSumWidth + (groupsPerUnit / pe.lanes).bitWidthNeeded
        self.pe = pe
        self.tokens = tokens
        reader = try AXIReadEngine(name: "hbm", dataWidth: dataWidth, maxBurstBeats: 16, maxOutstanding: 8, paced: true)
        scaleReader = try AXIReadEngine(name: "hbm", dataWidth: dataWidth, maxBurstBeats: 8, maxOutstanding: 4)
        multiplexer = try AXIReadMux(name: "hbm", sources: 3, dataWidth: dataWidth)
        writer = try AXIWriteEngine(name: "hbm", dataWidth: dataWidth, maxBurstBeats: 16, maxOutstanding: 4)
        scaleUnit = try RowScaleUnit(rowSumWidth: rowSumWidth)
        decoder = try SparseGroupDecoder(dataWidth: dataWidth)
        activationWidth = dataWidth / 8 * SparseGroup.denseWidth * 8
        guard (dataWidth / 32) % tokens == 0 else {
            throw AccelConfigurationError("\(tokens) tokens' results do not pack into a \(dataWidth)-bit beat of fp32 words")
        }
    }

    /// The port's AXI4 bus: reads with the multiplexer's IDs, writes with ID 0.
    public var bus: AXI4Configuration { multiplexer.bus }

    /// DSP48E2s: the PEs and the scale units (the write command's `rows × tokens` is a shift).
    public var promisedDSPs: Int { tokens * (pesPerBeat * pe.promisedDSPs + scaleUnit.promisedDSPs) }

    /// Enabled cycles from a row's last weight beat consumed to its `y` leaving the scale
    /// unit: stage A, the PE, the row-sum register, the scale unit.
    public static var resultLatency: Int { 1 + SparsePE.latency + 1 + RowScaleUnit.latency }

    public func module() throws -> Module {
        let peModule = try pe.module(), readerModule = try reader.module(), scaleReaderModule = try scaleReader.module()
        let muxModule = try multiplexer.module(), writerModule = try writer.module(), scaleModule = try scaleUnit.module()
        let decoderModule = try decoder.module()
        let dataWidth = self.dataWidth, pes = pesPerBeat, lanes = pe.lanes, tokens = self.tokens
        let activationWidth = self.activationWidth, rowSumWidth = scaleUnit.rowSumWidth
        let sliceWidth = parameterSliceWidth, beatsPerParameter = unitsPerParameterBeat
        let scalesPerBeat = self.scalesPerBeat, wordsPerBeat = dataWidth / 32
        let port = reader.name, depth = Self.resultFIFODepth, mantissaBits = WeightGroupParameters.mantissaBits, byte = 8 * MatVecEngine.parameterBytesPerGroup
        return try Module("MatVecPort", parameters: ["w": dataWidth, "pes": pes, "lanes": lanes, "tokens": tokens]) { m in
            let (clk, ce, resetN) = m.clockEnableAndReset()
            let start = m.input("start")
            let groupAddress = m.input("cmd_group_address", .unsigned(64))
            let parameterAddress = m.input("cmd_param_address", .unsigned(64))
            let scaleAddress = m.input("cmd_scale_address", .unsigned(64))
            let scaleSkip = m.input("cmd_scale_skip", .unsigned(scalesPerBeat.trailingZeroBitCount))
            let outAddress = m.input("cmd_out_address", .unsigned(64))
            let rows = m.input("rows", .unsigned(MatVecEngine.commandWidth))
            let groupUnits = m.input("group_units_total", .unsigned(AXIReadEngine.beatCountWidth))
            let parameterBeats = m.input("param_beats_total", .unsigned(AXIReadEngine.beatCountWidth))
            let activationScales = (0..<tokens).map { m.input("activation_scale_\($0)", .unsigned(32)) }
            let consume = m.input("consume")
            let parameterSlot = m.input("parameter_slot", .unsigned(max(1, beatsPerParameter.trailingZeroBitCount)))
            let parameterDone = m.input("parameter_done")
            let rowLast = m.input("row_last")
            let lastRow = m.input("last_row")
            let completesBeat = m.input("completes_beat")
            let beatValid = m.input("beat_valid")
            let beatRowLast = m.input("beat_row_last")
            let words = (0..<tokens).map { m.input("activation_word_\($0)", .unsigned(activationWidth)) }

            // The three read streams on one port: slot 0 groups, 1 parameters, 2 row scales.
            let scaleBeats = m.wire("scale_beats", ((scaleSkip.extended(to: 33) + rows.extended(to: 33) + (scalesPerBeat - 1)) >> scalesPerBeat.trailingZeroBitCount).resized(to: AXIReadEngine.beatCountWidth))
            func stream(_ module: Module, _ name: String, address: Signal, beats: Signal) -> Instance {
                m.instance(module, name: "\(name)_reader", inputs: [
                    "clk": clk, "ce": ce, "rst_n": resetN, "cmd_valid": start, "cmd_address": address, "cmd_beats": beats,
                ])
            }
            // The block's groups start at any multiple of 8 bytes: read from its beat on.
            let beatBits = (dataWidth / 8).trailingZeroBitCount, offsetLow = beatBits - SparseGroupDecoder.offsetWidth
            let groupOffset = m.wire("group_offset", groupAddress[offsetLow..<beatBits])
            let groupBeats = m.wire("group_beats", SparseGroupDecoder.streamBeats(units: groupUnits, offset: groupOffset, width: AXIReadEngine.beatCountWidth))
            let groups = stream(readerModule, "groups", address: Signal.concat(groupAddress[beatBits..<64], Signal.zeros(.unsigned(beatBits))), beats: groupBeats)
            let params = stream(readerModule, "params", address: parameterAddress, beats: parameterBeats)
            let scales = stream(scaleReaderModule, "scales", address: scaleAddress, beats: scaleBeats)
            pace(m, groups, groupBeats, params, parameterBeats, start: start, enable: ce)
            let readMux = m.instance(muxModule, name: "read_mux", inputs: ["clk": clk, "ce": ce, "rst_n": resetN])
            for (slot, source) in [groups, params, scales].enumerated() {
                AXIReadMux.connect(source, port: port, to: readMux, slot: slot)
            }
            m.forwardAXI4ReadMaster(port, multiplexer.bus, from: readMux, childPort: multiplexer.name)

            // Which row scale of the current beat belongs to the current row.
            let scaleWord = m.register("scale_word", .unsigned(scalesPerBeat.trailingZeroBitCount), resetValue: 0, enable: ce)
            let rowEnds = m.wire("row_ends", consume && rowLast)
            scaleWord.assign(mux(start, scaleSkip, mux(rowEnds, scaleWord &+ 1, scaleWord)))
            let decoded = m.instance(decoderModule, name: "group_decoder", inputs: [
                "clk": clk, "ce": ce, "rst_n": resetN, "start": start, "start_offset": groupOffset,
                "in_valid": groups["out_valid"], "in_data": groups["out_data"], "out_ready": consume,
            ])
            groups.connect("out_ready", to: decoded["in_ready"])
            params.connect("out_ready", to: consume && parameterDone)
            scales.connect("out_ready", to: rowEnds && (scaleWord == (scalesPerBeat - 1) || lastRow))

            // Result slots: reserved by rows that will complete a beat, freed as beats leave.
            let reserved = m.register("reserved_results", .unsigned((depth + 1).bitWidthNeeded), resetValue: 0, enable: ce)
            let resultPop = m.wire("result_pop", .bit)
            let reserve = m.wire("reserve_result", rowEnds && completesBeat)
            reserved.assign(mux(reserve, mux(resultPop, reserved, reserved &+ 1), mux(resultPop, reserved &- 1, reserved)))
            let room = m.wire("result_room", !(rowLast && completesBeat) || reserved < depth)
            m.output("ready", decoded["out_valid"] && params["out_valid"] && scales["out_valid"] && room)

            // Stage A: the beat, its parameter slice, the row's scale.
            let beatData = m.register("beat_data", .unsigned(dataWidth), enable: ce && consume)
            beatData.assign(decoded["out_groups"])
            let slices = (0..<beatsPerParameter).map { params["out_data"][($0 * sliceWidth)..<(($0 + 1) * sliceWidth)] }
            let parameterSlice = m.register("parameter_slice", .unsigned(sliceWidth), enable: ce && consume)
            parameterSlice.assign(Signal.pick(slices, at: parameterSlot))
            let scaleChoices = (0..<scalesPerBeat).map { scales["out_data"][($0 * 32)..<(($0 + 1) * 32)] }
            let rowScale = m.register("row_scale", .unsigned(32), enable: ce && rowEnds)
            rowScale.assign(Signal.pick(scaleChoices, at: scaleWord))

            // The row's scale meets its sum: the PE's latency plus the row-sum register.
            let rowScaleAtSum = m.delayed("row_scale_d", rowScale, by: SparsePE.latency + 1, enable: ce)

            // Stage B: per token the PEs, the row sum, the scale unit.
            var results: [Signal] = []
            var resultValid: Signal?
            for (token, word) in words.enumerated() {
                var partials: [Signal] = []
                var sumValid: Signal?
                for index in 0..<pes {
                    let unit = m.instance(peModule, name: "pe\(index)_t\(token)", inputs: [
                        "clk": clk, "ce": ce, "rst_n": resetN, "in_valid": beatValid,
                        "activations": word[(index * lanes * 32)..<((index + 1) * lanes * 32)],
                        "weights": beatData[(index * lanes * 8)..<((index + 1) * lanes * 8)],
                        "zero": parameterSlice[(index * byte + mantissaBits)..<((index + 1) * byte)],
                        "mantissa": parameterSlice[(index * byte)..<(index * byte + mantissaBits)],
                        "group_last": Signal.constant(1, .bit), "row_last": beatRowLast,
                    ])
                    partials.append(unit["row_sum"])
                    // Every PE sees the same beats, so their row ends coincide.
                    if sumValid == nil { sumValid = unit["out_valid"] }
                }
                let rowSum = m.register("row_sum_t\(token)", .signed(rowSumWidth), enable: ce)
                rowSum.assign(adderTree(partials).resized(to: rowSumWidth))
                let rowSumValid = m.register("row_sum_valid_t\(token)", .bit, resetValue: 0, enable: ce)
                rowSumValid.assign(sumValid!)
                let scaled = m.instance(scaleModule, name: "scale_t\(token)", inputs: [
                    "clk": clk, "ce": ce, "rst_n": resetN, "in_valid": rowSumValid, "row_sum": rowSum,
                    "row_scale": rowScaleAtSum, "activation_scale": activationScales[token],
                ])
                results.append(scaled["y"])
                if resultValid == nil { resultValid = scaled["out_valid"] }
            }

            // Collect `tokens` words per row into beats; the command's last row flushes.
            let collected = m.wire("result_valid", resultValid!)
            let resultWord = m.register("result_word", .unsigned(wordsPerBeat.trailingZeroBitCount), resetValue: 0, enable: ce)
            let rowsCollected = m.register("rows_collected", .unsigned(MatVecEngine.commandWidth), resetValue: 0, enable: ce)
            let lastCollected = m.wire("last_row_collected", rowsCollected == (rows &- 1))
            let beatFull = m.wire("result_beat_full", resultWord == (wordsPerBeat - tokens) || lastCollected)
            resultWord.assign(mux(start, Signal.zeros(resultWord.type), mux(collected, mux(beatFull, Signal.zeros(resultWord.type), resultWord &+ tokens), resultWord)))
            rowsCollected.assign(mux(start, Signal.zeros(rowsCollected.type), mux(collected, rowsCollected &+ 1, rowsCollected)))
            let beatWords = (0..<wordsPerBeat).map { index -> Signal in
                m.register("result_beat_w\(index)", .unsigned(32), enable: ce && collected)
            }
            var merged: [Signal] = []
            for (index, register) in beatWords.enumerated() {
                // Word `index` takes token t's result when the row's first word is index − t.
                var value: Signal = register
                for token in 0..<tokens where index >= token {
                    value = mux(resultWord == (index - token), results[token], value)
                }
                register.assign(value)
                merged.append(value)
            }
            let resultBeat = Signal.concat(merged.reversed())
            let fifo = FallThroughFIFO(m, "results", depth: depth, .unsigned(dataWidth), push: collected && beatFull, data: resultBeat, enable: ce)

            // Results out on the same port's write channels, ID 0.
            let resultWords = m.wire("result_words", (rows.extended(to: MatVecEngine.commandWidth + 1) << tokens.trailingZeroBitCount).truncated(to: MatVecEngine.commandWidth + 1))
            let write = m.instance(writerModule, name: "results_writer", inputs: [
                "clk": clk, "ce": ce, "rst_n": resetN, "cmd_valid": start, "cmd_address": outAddress,
                "cmd_beats": ((resultWords + (wordsPerBeat - 1)) >> wordsPerBeat.trailingZeroBitCount).resized(to: AXIWriteEngine.beatCountWidth),
                "cmd_last_bytes": (resultWords.truncated(to: wordsPerBeat.trailingZeroBitCount) << 2).resized(to: writer.lastBytesWidth),
                "in_valid": fifo.headValid, "in_data": fifo.head,
            ])
            resultPop.assign(fifo.headValid && write["in_ready"])
            fifo.pop.assign(resultPop)
            m.forwardAXI4WriteMaster(port, writer.bus, from: write, childPort: writer.name)
            if multiplexer.bus.idWidth > 0 {
                m.output("m_axi_\(port)_awid", Signal.zeros(.unsigned(multiplexer.bus.idWidth)))
                _ = m.input("m_axi_\(port)_bid", .unsigned(multiplexer.bus.idWidth))
            }
            m.output("done", write["done"])
        }
    }

    /// Requests the groups and the parameters in step, each stream's issued share of its
    /// command (issued / total beats, compared as issued_a · total_b against
    /// issued_b · total_a, summed burst by burst) kept level, the parameters one burst
    /// ahead: the groups wait while the parameters want the port and are less than that
    /// ahead; the parameters wait while more than that ahead, unless fewer than two bursts
    /// of theirs are buffered or in flight (so they never starve the PEs).
    /// Unpaced, the parameters of long rows run ahead early in a matrix, slowing the PEs for
    /// want of groups, and the groups finish alone (64 × 4,096: 1,200 cycles against 1,122
    /// paced; docs/benchmarks.md).
    private func pace(_ m: ModuleBuilder, _ groups: Instance, _ groupBeats: Signal, _ params: Instance, _ parameterBeats: Signal,
                      start: Signal, enable ce: Signal) {
        /// `beats · total`, as shifted adds of the few bits of a burst length.
        func scaled(_ beats: Signal, _ total: Signal) -> Signal {
            (0..<beats.width).map { bit in mux(beats[bit], total.extended(to: 64 - bit) << bit, Signal.zeros(.unsigned(64))) }
                .reduce(Signal.zeros(.unsigned(64))) { $0 &+ $1 }
        }
        func share(_ name: String, _ stream: Instance, _ otherTotal: Signal) -> Signal {
            let issued = m.register(name, .unsigned(64), resetValue: 0, enable: ce)
            let step = m.wire("\(name)_step", scaled(stream["issue_beats"], otherTotal))
            issued.assign(mux(start, Signal.zeros(.unsigned(64)), mux(stream["issues_burst"], issued &+ step, issued)))
            return issued
        }
        // The command's totals are inputs only in the start cycle.
        let groupTotal = m.registered("group_beats_latched", groupBeats, resetValue: 0, enable: ce && start)
        let parameterTotal = m.registered("param_beats_latched", parameterBeats, resetValue: 0, enable: ce && start)
        let groupShare = share("group_share", groups, parameterTotal)
        let parameterShare = share("parameter_share", params, groupTotal)
        // The parameters keep one burst ahead: a parameter burst covers about eight group
        // bursts' units, so issued level with the groups it would arrive last, and the
        // group beats it unlocks would wait for it at the end of the matrix.
        let parameterReserve = 2 * reader.maxBurstBeats
        let groupsWithLead = m.wire("group_share_with_lead", groupShare &+ (groupTotal.extended(to: 64 - reader.maxBurstBeats.trailingZeroBitCount) << reader.maxBurstBeats.trailingZeroBitCount))
        // The groups' first burst goes first: the PEs start on it.
        groups.connect("hold", to: params["wants_burst"] && groupShare != 0 && parameterShare < groupsWithLead)
        params.connect("hold", to: parameterShare > groupsWithLead && params["beats_ahead"] >= parameterReserve)
    }
}
