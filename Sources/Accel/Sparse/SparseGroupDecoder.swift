import HDL
import Numerics

/// The weight decoder: turns the `.rce` group stream (`Numerics.SparseGroupStream`: 7-bit
/// fields, 64 to a unit of 448 bits at 512-bit beats) into one unit's group bytes
/// (`SparseGroup.byte`, what the PEs' selectors take) per cycle.
///
/// A unit is 7/8 of a beat, so eight units span seven beats and unit k of such a run
/// starts `k · W/8` bits before the end of beat `⌊7k / 8⌋`: with the beat before (`held`)
/// and the stream's head beat side by side, unit k is `{head, held} >> (W − k · W/8)` for
/// the phase k = 0 … 7. Phase 7 lies wholly in `held`; phases 0 … 6 take the head, and the
/// head moves into `held` as the unit is taken. So the stream is read at 7 beats per
/// 8 units and the unit stream never waits for it once the head is there.
///
/// A command's first unit may start at any multiple of W/8 bits into its first beat (a
/// port's block of rows begins wherever the previous block ended): `start_offset` is that
/// multiple (the byte address bits [5:3] at 512 bits). Such a first beat is read into
/// `held` before the first unit (`primed`). The beats a command of `n` units reads:
/// `⌈(7n + start_offset) / 8⌉` (`streamBeats`).
///
/// Ports: `start`, `start_offset` (3 bits); the stream `in_valid`, `in_data`, `in_ready`
/// (the head is taken); the units `out_valid`, `out_groups` (`W/8` group bytes), `out_ready`
/// (the unit is taken; only while `out_valid`). After a command's last unit the decoder
/// may still show a phase-7 unit from its last beat: its user takes exactly the command's
/// units (the engine counts rows). Pattern fields 6 and 7 never come from a
/// valid `.rce` (the reader rejects them); they decode as positions 0 and 1.
public struct SparseGroupDecoder: Sendable, Hashable {
    public let dataWidth: Int

    public init(dataWidth: Int) throws {
        guard dataWidth >= 64, dataWidth.nonzeroBitCount == 1 else {
            throw AccelConfigurationError("the group decoder takes power-of-two beats of at least 64 bits, got \(dataWidth)")
        }
        self.dataWidth = dataWidth
    }

    /// Groups per unit (one per PE lane of a cycle).
    public var groupsPerUnit: Int { dataWidth / 8 }
    public static let offsetWidth = 3

    /// Beats a command of `units` units starting `offset` eighths of a beat in reads.
    public static func streamBeats(units: Int, offset: Int) -> Int { (7 * units + offset + 7) / 8 }

    /// The same in hardware, for the command that reads them: `units` unsigned, `offset`
    /// the `offsetWidth`-bit start offset; the count `width` bits wide.
    public static func streamBeats(units: Signal, offset: Signal, width: Int) -> Signal {
        (((units << 3) - units + offset + 7) >> 3).resized(to: width)
    }

    public func module() throws -> Module {
        let width = dataWidth, step = dataWidth / 8, groups = groupsPerUnit
        return try Module("SparseGroupDecoder", parameters: ["w": width]) { m in
            let (_, ce, _) = m.clockEnableAndReset()
            let start = m.input("start")
            let startOffset = m.input("start_offset", .unsigned(Self.offsetWidth))
            let inValid = m.input("in_valid")
            let inData = m.input("in_data", .unsigned(width))
            let outReady = m.input("out_ready")

            let phase = m.register("phase", .unsigned(Self.offsetWidth), resetValue: 0, enable: ce)
            let primed = m.register("primed", .bit, resetValue: 0, enable: ce)
            let held = m.register("held", .unsigned(width), enable: ce)
            let lastPhase = m.wire("last_phase", phase == 7)
            let take = m.wire("take", mux(primed, outReady && !lastPhase, inValid))
            held.assign(mux(take, inData, held))
            // Phase k begins k eighths before the end of its beat: offset s is phase −s.
            phase.assign(mux(start, Signal.zeros(phase.type) &- startOffset, mux(primed && outReady, phase &+ 1, phase)))
            primed.assign(mux(start, startOffset == 0, primed || take))
            m.output("in_ready", take)
            m.output("out_valid", primed && (lastPhase || inValid))

            let window = Signal.concat(inData, held)
            let unitWidth = groups * SparseGroup.fieldWidth
            let units = (0..<8).map { k in window[(width - k * step)..<(width - k * step + unitWidth)] }
            let unit = m.wire("unit", Signal.pick(units, at: phase))
            let two = SignalType.unsigned(2)
            let firstPositions = SparseGroup.patterns.map { Signal.constant($0.0, two) }
            let secondPositions = SparseGroup.patterns.map { Signal.constant($0.1, two) }
            let bytes = (0..<groups).map { j -> Signal in
                let field = unit[(j * SparseGroup.fieldWidth)..<((j + 1) * SparseGroup.fieldWidth)]
                let pattern = field[0..<3]
                let first = Signal.pick(firstPositions, at: pattern, default: firstPositions[0])
                let second = Signal.pick(secondPositions, at: pattern, default: secondPositions[0])
                // SparseGroup.byte: [1:0] first, [3:2] second, [5:4] and [7:6] the codes.
                return Signal.concat(field[5..<7], field[3..<5], second, first)
            }
            m.output("out_groups", Signal.concat(bytes.reversed()))
        }
    }
}
