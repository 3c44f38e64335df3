import HDL
import Numerics

/// A processing element: `lanes` two-term-dot DSP lanes behind a 2:4 sparse selector,
/// computing one output row's `rowSum` of a 2:4-sparse W2A8 dot product exactly as
/// `Numerics.SparseDotProduct` defines it:
///
///     groupSum_g = Σ_j (x_j1·c_j1 + x_j2·c_j2) + (2 − z_g) · Σ_j (x_j1 + x_j2)
///     rowSum     = Σ_g m_g · groupSum_g
///
/// Input: a stream of beats under valid/ready-free flow (`in_valid`), each carrying
/// `lanes` sparse groups (four activations and one weight byte per lane, see
/// `SparseSelector`), the current quantization group's zero point `zero` and scale
/// mantissa `mantissa`, `group_last` on the last beat of a quantization group and
/// `row_last` on the last beat of a row. `SparsePEStream` builds these beats from a row.
/// Output: `row_sum` with `out_valid` for one enabled cycle per row.
///
/// Each lane sums its groups in its DSP's P register for the whole quantization group
/// (at most `TwoTermDotLane.maxAccumulatedGroups` beats); the selected-activation sums
/// that the zero point multiplies run beside them in fabric. At the group's end the lane
/// sums go through one adder tree, the zero-point term is a shift/negate mux (no
/// multiplier), and one more DSP applies the 6-bit mantissa. DSP48E2s: `lanes + 1`.
public struct SparsePE: Sendable, Hashable {
    public let lanes: Int
    /// Largest quantization group (dense columns) the stream may carry; sets widths.
    public let maxGroupSize: Int
    /// Largest row (dense columns); sets the row accumulator's width.
    public let maxColumns: Int

    public static let activationBound: Int64 = 128

    public init(lanes: Int, maxGroupSize: Int, maxColumns: Int) throws {
        let columnsPerBeat = lanes * SparseGroup.denseWidth
        guard lanes >= 1 else { throw AccelConfigurationError("a PE needs at least one lane, got \(lanes)") }
        guard maxGroupSize >= columnsPerBeat, maxGroupSize % columnsPerBeat == 0 else {
            throw AccelConfigurationError("quantization group size \(maxGroupSize) must be a multiple of the \(columnsPerBeat) dense columns a \(lanes)-lane PE takes per beat")
        }
        guard maxGroupSize / columnsPerBeat <= TwoTermDotLane.maxAccumulatedGroups else {
            throw AccelConfigurationError("quantization group size \(maxGroupSize) needs \(maxGroupSize / columnsPerBeat) beats per group; a lane's DSP accumulator holds at most \(TwoTermDotLane.maxAccumulatedGroups)")
        }
        guard maxColumns >= maxGroupSize else {
            throw AccelConfigurationError("row length \(maxColumns) is shorter than the group size \(maxGroupSize)")
        }
        self.lanes = lanes
        self.maxGroupSize = maxGroupSize
        self.maxColumns = maxColumns
    }

    /// Enabled cycles from a row's last beat entering to its `row_sum` appearing.
    public static let latency = 8
    /// DSP48E2s this PE should map onto: one per lane and one for the mantissa.
    public var promisedDSPs: Int { lanes + 1 }

    var beatsPerGroup: Int64 { Int64(maxGroupSize / (lanes * SparseGroup.denseWidth)) }
    var beatSelectedBound: Int64 { Int64(2 * lanes) * Self.activationBound }
    var groupSelectedBound: Int64 { beatsPerGroup * beatSelectedBound }
    var groupDotBound: Int64 { Int64(lanes) * beatsPerGroup * 2 * Self.activationBound * 2 }
    var groupSumBound: Int64 { groupDotBound + 2 * groupSelectedBound }
    var scaledBound: Int64 { Int64(WeightQuantizer.maxScaleMantissa) * groupSumBound }
    var rowSumBound: Int64 { Int64((maxColumns + maxGroupSize - 1) / maxGroupSize) * scaledBound }

    static func width(_ bound: Int64) -> Int { Bits.signedWidth(low: -bound, high: bound) }
    /// Width of the `row_sum` output.
    public var rowSumWidth: Int { Self.width(rowSumBound) }

    public func module() throws -> Module {
        let lane = try TwoTermDotLane.module()
        let selector = try SparseSelector.module(lanes: lanes)
        let lanes = self.lanes
        return try Module("SparsePE", parameters: ["lanes": lanes, "group": maxGroupSize, "cols": maxColumns]) { m in
            let (clk, ce, _) = m.clockEnableAndReset()
            let inValid = m.input("in_valid")
            let activations = m.input("activations", .unsigned(lanes * SparseGroup.denseWidth * 8))
            let weights = m.input("weights", .unsigned(lanes * 8))
            let zero = m.input("zero", .unsigned(2))
            let mantissa = m.input("mantissa", .unsigned(WeightGroupParameters.mantissaBits))
            let groupLast = m.input("group_last")
            let rowLast = m.input("row_last")

            // A new quantization group starts with the beat after a group's last beat.
            let groupStartPending = m.register("group_start_pending", .bit, resetValue: 1, enable: ce && inValid)
            groupStartPending.assign(groupLast)

            // Stage 1: the selector's registered outputs and the beat's control bits.
            let select = m.instance(selector, name: "selector", inputs: ["clk": clk, "ce": ce, "activations": activations, "weights": weights])
            let stage1 = PEControl(m, stage: 1, enable: ce, valid: inValid, first: groupStartPending,
                                   groupLast: groupLast, rowLast: rowLast, zero: zero, mantissa: mantissa)

            // Stages 2-4: the lanes' DSP pipelines; beside them, the selected-activation sums.
            var dots: [Signal] = []
            var selectedSums: [Signal] = []
            for index in 0..<lanes {
                let x1 = select["x1_\(index)"], x2 = select["x2_\(index)"]
                let dsp = m.instance(lane, name: "lane\(index)", inputs: [
                    "clk": clk, "ce": ce, "x1": x1, "x2": x2, "w1": select["w1_\(index)"], "w2": select["w2_\(index)"],
                    "accumulate": stage1.valid, "first": stage1.first,
                ])
                dots.append(dsp["dot"])
                selectedSums.append(x1 + x2)
            }
            let beatSelected2 = m.register("beat_selected_2", .signed(Self.width(beatSelectedBound)), enable: ce)
            beatSelected2.assign(adderTree(selectedSums).resized(to: beatSelected2.width))
            let stage2 = stage1.next(m, enable: ce)
            let beatSelected3 = m.register("beat_selected_3", beatSelected2.type, enable: ce)
            beatSelected3.assign(beatSelected2)
            let stage3 = stage2.next(m, enable: ce)
            let groupSelected = m.register("group_selected", .signed(Self.width(groupSelectedBound)), enable: ce && stage3.valid)
            groupSelected.assign(mux(stage3.first, beatSelected3.extended(to: groupSelected.width),
                                     (groupSelected + beatSelected3).resized(to: groupSelected.width)))
            let stage4 = stage3.next(m, enable: ce)

            // Stage 5: a group has ended; its lane sums and selected sum are final in P.
            let groupDone5 = m.register("group_done_5", .bit, resetValue: 0, enable: ce)
            groupDone5.assign(stage4.valid && stage4.groupLast)
            let groupDot5 = m.register("group_dot_5", .signed(Self.width(groupDotBound)), enable: ce)
            groupDot5.assign(adderTree(dots).resized(to: groupDot5.width))
            // (2 − z) ∈ {2, 1, 0, −1}: a shift, a copy, zero or a negation.
            let zeroTermWidth = Self.width(2 * groupSelectedBound)
            let zeroTerm5 = m.register("zero_term_5", .signed(zeroTermWidth), enable: ce)
            zeroTerm5.assign(stage4.zero.match([
                (0, (groupSelected << 1).resized(to: zeroTermWidth)),
                (1, groupSelected.resized(to: zeroTermWidth)),
                (2, Signal.zeros(.signed(zeroTermWidth))),
            ], default: (-groupSelected).resized(to: zeroTermWidth)))
            let stage5 = stage4.next(m, enable: ce)

            // Stage 6: groupSum.  Stage 7: m · groupSum on the PE's one fabric-side DSP.
            let groupDone6 = m.register("group_done_6", .bit, resetValue: 0, enable: ce)
            groupDone6.assign(groupDone5)
            let groupSum6 = m.register("group_sum_6", .signed(Self.width(groupSumBound)), enable: ce)
            groupSum6.assign((groupDot5 + zeroTerm5).resized(to: groupSum6.width))
            let stage6 = stage5.next(m, enable: ce)
            let groupDone7 = m.register("group_done_7", .bit, resetValue: 0, enable: ce)
            groupDone7.assign(groupDone6)
            let scaled7 = m.register("scaled_7", .signed(Self.width(scaledBound)), enable: ce)
            scaled7.assign((stage6.mantissa.zeroExtendedToSigned() * groupSum6).resized(to: scaled7.width))
            let stage7 = stage6.next(m, enable: ce)

            // Stage 8: the row accumulator; a row starts with the group after a row's end.
            let rowStartPending = m.register("row_start_pending", .bit, resetValue: 1, enable: ce && groupDone7)
            rowStartPending.assign(stage7.rowLast)
            let rowSum = m.register("row_sum_r", .signed(rowSumWidth), enable: ce && groupDone7)
            rowSum.assign(mux(rowStartPending, scaled7.extended(to: rowSumWidth), (rowSum + scaled7).resized(to: rowSumWidth)))
            let outValid = m.register("out_valid_r", .bit, resetValue: 0, enable: ce)
            outValid.assign(groupDone7 && stage7.rowLast)
            m.output("out_valid", outValid)
            m.output("row_sum", rowSum)
        }
    }
}

/// The control bits of one beat as they move down the PE's pipeline. Only `valid` is
/// reset: the others are don't-care while it is low.
struct PEControl {
    let stage: Int
    let valid: Signal
    let first: Signal
    let groupLast: Signal
    let rowLast: Signal
    let zero: Signal
    let mantissa: Signal

    init(_ m: ModuleBuilder, stage: Int, enable: Signal, valid: Signal, first: Signal, groupLast: Signal,
         rowLast: Signal, zero: Signal, mantissa: Signal) {
        func delay(_ name: String, _ value: Signal, resetValue: Int? = nil) -> Signal {
            m.registered("\(name)_\(stage)", value, resetValue: resetValue, enable: enable)
        }
        self.stage = stage
        self.valid = delay("valid", valid, resetValue: 0)
        self.first = delay("first", first)
        self.groupLast = delay("group_last", groupLast)
        self.rowLast = delay("row_last", rowLast)
        self.zero = delay("zero", zero)
        self.mantissa = delay("mantissa", mantissa)
    }

    func next(_ m: ModuleBuilder, enable: Signal) -> PEControl {
        PEControl(m, stage: stage + 1, enable: enable, valid: valid, first: first, groupLast: groupLast,
                  rowLast: rowLast, zero: zero, mantissa: mantissa)
    }
}

/// A balanced tree of full-width additions (each level one bit wider).
func adderTree(_ terms: [Signal]) -> Signal {
    precondition(!terms.isEmpty, "an adder tree needs terms")
    var level = terms
    while level.count > 1 {
        var next: [Signal] = []
        var index = 0
        while index + 1 < level.count {
            next.append(level[index] + level[index + 1])
            index += 2
        }
        if index < level.count { next.append(level[index]) }
        level = next
    }
    return level[0]
}
