import HDL
import Numerics

/// The A8 activation quantizer, `Numerics.ActivationQuantizer`, on a vector its user
/// streams twice, `lanes` binary32 values per beat:
///
///     absmax = max |x|        inverse = 127 / absmax        scale = absmax / 127
///     code   = clamp(round_even(x · inverse), −127, 127)    (0 for x = ±0)
///
/// and scale 1 with all codes 0 when absmax is 0 or not finite (an ∞ or NaN element).
///
/// Interface (valid strobes only, no backpressure; everything moves on enabled cycles):
/// - inputs `in_valid`, `values` (lane i in bits 32i ..< 32i+32), `last` (the pass's
///   last beat). Beats alternate between two passes per vector: pass 1 (absmax) up to and
///   including a beat with `last`, then pass 2 (codes) up to its `last`, then pass 1 of
///   the next vector. Pass 2 must carry the same values in the same order; lanes past
///   a vector's end must be +0 in both passes (they code to 0, which the user drops).
///   Pass 2 may start on the cycle after pass 1 ends and a new vector right after pass 2:
///   any mix of beats and idle cycles is accepted, one beat per enabled cycle.
/// - outputs, one record per pass-2 beat, `latency` enabled cycles after it: `out_valid`,
///   `codes` (lane i's signed INT8 code in bits 8i ..< 8i+8), `scale` (the vector's
///   binary32 scale, the same on every record of a vector) and `codes_last`.
///   Pass-1 beats produce nothing.
///
/// Inside: the lanes' magnitudes (31-bit patterns, which order like their values, NaN
/// above ∞) go through a registered max tree and a running maximum. When pass 1's last
/// beat has its absmax, two pipelined `Float32Divider`s compute 127/absmax and
/// absmax/127 while every beat behind it waits in a delay line of the same length, so
/// when that beat leaves the line the vector's inverse and scale are latched, before
/// any of its pass-2 beats arrives, and the next vector's result can only replace them
/// after its own pass 1, i.e. after this vector's pass 2 has gone by. Each pass-2 beat
/// then meets `lanes` `Float32Multiplier`s and the code rounding.
/// DSP48E2s: 2 per lane (the multipliers); the dividers and the max tree use none.
public struct ActivationQuantizerUnit: Sendable, Hashable {
    public let lanes: Int

    public init(lanes: Int) throws {
        guard (1...64).contains(lanes) else {
            throw AccelConfigurationError("the activation quantizer takes 1...64 values per beat, got \(lanes)")
        }
        self.lanes = lanes
    }

    /// Register levels of the max tree over the lanes.
    var treeLevels: Int { lanes <= 1 ? 0 : (lanes - 1).bitWidthNeeded }
    /// From the beat's input register to the divider inputs (tree and running maximum).
    var absmaxLatency: Int { 1 + treeLevels + 1 }
    /// Enabled cycles from a pass-2 beat entering to its record on the outputs.
    public var latency: Int { absmaxLatency + Float32Divider.latency + Float32Multiplier.latency + 1 }
    public var promisedDSPs: Int { lanes * Float32Multiplier.promisedDSPs }

    public static let maxCode = ActivationQuantizer.maxCode
    /// 127 as binary32.
    static let maxCodeBits = Int(Float(ActivationQuantizer.maxCode).bitPattern)

    public func module() throws -> Module {
        let multiplier = try Float32Multiplier.module()
        let divider = try Float32Divider.module()
        let lanes = self.lanes
        return try Module("ActivationQuantizerUnit", parameters: ["lanes": lanes]) { m in
            let (clk, ce, _) = m.clockEnableAndReset()
            let inValid = m.input("in_valid")
            let values = m.input("values", .unsigned(32 * lanes))
            let last = m.input("last")

            // Which pass the incoming beat belongs to: 0 absmax, 1 codes.
            let pass = m.register("pass", .bit, resetValue: 0, enable: ce && inValid && last)
            pass.assign(!pass)
            var beat = QuantizerBeat(m, position: 0, enable: ce, valid: inValid, pass: pass, last: last, values: values)

            // The max tree over the lanes' magnitudes, one register level per tree level.
            var level = (0..<lanes).map { beat.laneValue($0)[0..<31] }
            while level.count > 1 {
                let depth = beat.position + 1
                level = stride(from: 0, to: level.count, by: 2).enumerated().map { index, first in
                    m.registered("max_\(depth)_\(index)", first + 1 < level.count ? larger(level[first], level[first + 1]) : level[first], enable: ce)
                }
                beat = beat.next()
            }
            let beatMax = level[0]

            // The running maximum of pass 1; the absmax when its last beat arrives.
            let countsTowardAbsmax = m.wire("absmax_beat", beat.valid && !beat.pass)
            let accumulating = m.register("accumulating", .bit, resetValue: 0, enable: ce && countsTowardAbsmax)
            accumulating.assign(!beat.last)
            let runningMax = m.register("running_max", .unsigned(31), enable: ce && countsTowardAbsmax)
            let absmaxSoFar = mux(accumulating, larger(runningMax, beatMax), beatMax)
            runningMax.assign(absmaxSoFar)
            let absmax = m.register("absmax", .unsigned(31), enable: ce)
            absmax.assign(absmaxSoFar)
            let vectorDone = m.register("vector_done_\(beat.position + 1)", .bit, resetValue: 0, enable: ce)
            vectorDone.assign(countsTowardAbsmax && beat.last)
            beat = beat.next()
            // Zero or not finite (∞ or NaN; all three of their patterns are ≥ ∞'s).
            let unquantizable = m.wire("unquantizable", absmax == 0 || absmax >= Int(Float32Format.positiveInfinity))

            let absmaxBits = absmax.extended(to: 32)
            let maxCode = Signal.constant(Self.maxCodeBits, .unsigned(32))
            let inverse = m.instance(divider, name: "inverse_div", inputs: ["clk": clk, "ce": ce, "a": maxCode, "b": absmaxBits])
            let scale = m.instance(divider, name: "scale_div", inputs: ["clk": clk, "ce": ce, "a": absmaxBits, "b": maxCode])

            // The beats wait beside the dividers; the vector's flag travels with its last pass-1 beat.
            var done = vectorDone, flagged = unquantizable
            for _ in 0..<Float32Divider.latency {
                let position = beat.position + 1
                let nextDone = m.register("vector_done_\(position)", .bit, resetValue: 0, enable: ce)
                nextDone.assign(done)
                let nextFlag = m.register("unquantizable_\(position)", .bit, enable: ce)
                nextFlag.assign(flagged)
                done = nextDone
                flagged = nextFlag
                beat = beat.next()
            }

            // The vector's parameters, latched as its last pass-1 beat leaves the line.
            let activeInverse = m.register("active_inverse", .unsigned(32), enable: ce && done)
            activeInverse.assign(inverse["q"])
            let activeScale = m.register("active_scale", .unsigned(32), enable: ce && done)
            activeScale.assign(mux(flagged, Signal.constant(Int(Float32Format.one), .unsigned(32)), scale["q"]))
            let activeZero = m.register("active_zero", .bit, enable: ce && done)
            activeZero.assign(flagged)

            // Pass 2: x · inverse per lane, then the code.
            let products = (0..<lanes).map { lane in
                m.instance(multiplier, name: "lane\(lane)_mul", inputs: [
                    "clk": clk, "ce": ce, "a": beat.laneValue(lane), "b": activeInverse,
                ])["p"]
            }
            var beatScale = activeScale, beatZero = activeZero
            for stage in 1...Float32Multiplier.latency {
                let nextScale = m.register("beat_scale_\(stage)", .unsigned(32), enable: ce)
                nextScale.assign(beatScale)
                let nextZero = m.register("beat_zero_\(stage)", .bit, enable: ce)
                nextZero.assign(beatZero)
                beatScale = nextScale
                beatZero = nextZero
                beat = beat.next(keepingValues: false)
            }
            let codes = products.map { mux(beatZero, Signal.zeros(.signed(8)), activationCode($0)) }
            let codesRegister = m.register("codes_r", .unsigned(8 * lanes), enable: ce)
            codesRegister.assign(Signal.concat(codes.reversed().map { $0.asUnsigned() }))
            let scaleRegister = m.register("scale_r", .unsigned(32), enable: ce)
            scaleRegister.assign(beatScale)
            let lastRegister = m.register("codes_last_r", .bit, enable: ce)
            lastRegister.assign(beat.last)
            let outValid = m.register("out_valid_r", .bit, resetValue: 0, enable: ce)
            outValid.assign(beat.valid && beat.pass)
            m.output("out_valid", outValid)
            m.output("codes", codesRegister)
            m.output("scale", scaleRegister)
            m.output("codes_last", lastRegister)
        }
    }
}

/// The larger of two magnitude patterns.
private func larger(_ a: Signal, _ b: Signal) -> Signal { mux(a >= b, a, b) }

/// One beat's control bits and values at one register position of the quantizer's
/// pipeline. Only `valid` is reset.
private struct QuantizerBeat {
    let builder: ModuleBuilder
    let position: Int
    let enable: Signal
    let valid: Signal
    let pass: Signal
    let last: Signal
    /// Nil once the multipliers hold the values.
    let values: Signal?

    /// The registers at `position`, fed from the previous position (or the ports).
    init(_ m: ModuleBuilder, position: Int, enable: Signal, valid: Signal, pass: Signal, last: Signal, values: Signal?) {
        func delay(_ name: String, _ value: Signal, resetValue: Int? = nil) -> Signal {
            m.registered("\(name)_\(position)", value, resetValue: resetValue, enable: enable)
        }
        builder = m
        self.position = position
        self.enable = enable
        self.valid = delay("valid", valid, resetValue: 0)
        self.pass = delay("pass", pass)
        self.last = delay("last", last)
        self.values = values.map { delay("values", $0) }
    }

    /// Lane `lane`'s binary32 value.
    func laneValue(_ lane: Int) -> Signal { values![(32 * lane)..<(32 * lane + 32)] }

    /// The beat one register later; without `keepingValues` the values stay behind.
    func next(keepingValues: Bool = true) -> QuantizerBeat {
        QuantizerBeat(builder, position: position + 1, enable: enable, valid: valid, pass: pass, last: last,
                      values: keepingValues ? values : nil)
    }
}
