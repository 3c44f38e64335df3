#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `AttentionRule` evaluated fast, over fp32 slot values laid out for SIMD, bit for bit
/// the same numbers (Tests/NumericsTests checks it against the scalar rule):
/// - eight slots' scores (and eight output elements) side by side in SIMD lanes, each lane
///   doing exactly the rule's sequence of fp32 operations;
/// - the query heads that share a KV head taken two at a time, so each key and value
///   vector is loaded once for both;
/// - the softmax's maximum taken over eight lanes that start from the first score and,
///   like the loop, take only greater ones (so NaNs after the first are skipped alike and
///   the maximum is the loop's), and its divisions eight at a time; the `expf` calls and the sum stay sequential, in slot order, as
///   `Nonlinear.softmax` does them (the subtraction of the maximum before them, eight
///   at a time).
///
/// Layout: keys transposed, element i of KV head g at slot t in
/// `keys[(g·headSize + i) · keyStride + t]` (consecutive slots adjacent); values as rows,
/// `values[t · kvDim + g·headSize + i]`. A cache that stores positions otherwise
/// (quantized, windowed) keeps the fp32 numbers its slots stand for in this layout.
public enum GroupedQueryAttention {
    /// Writes `heads · headSize` outputs. `scores` needs room for `2 · slots` numbers
    /// (one row per query head of a pair).
    public static func attend(query: UnsafePointer<Float>, keys: UnsafePointer<Float>, keyStride: Int, values: UnsafePointer<Float>,
                              slots: Int, heads: Int, kvHeads: Int, headSize: Int,
                              scores: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
        precondition(kvHeads > 0 && heads % kvHeads == 0 && slots > 0 && slots <= keyStride, "heads must be a multiple of kvHeads; 1...keyStride slots")
        let kvDim = kvHeads * headSize, group = heads / kvHeads
        let divisor = AttentionRule.scoreDivisor(headSize: headSize)
        let first = scores, second = scores + slots
        var head = 0
        while head < heads {
            let kvHead = head / group
            // A pair when the next head reads the same KV head.
            let paired = head + 1 < heads && (head + 1) / group == kvHead
            let k = keys + kvHead * headSize * keyStride, v = values + kvHead * headSize
            let q0 = query + head * headSize, q1 = paired ? q0 + headSize : q0
            Self.scores(q0, q1, k, keyStride: keyStride, slots: slots, headSize: headSize, divisor: divisor, into: first, second)
            softmax(first, count: slots)
            if paired { softmax(second, count: slots) }
            let out0 = output + head * headSize, out1 = paired ? out0 + headSize : out0
            // Unpaired, the second row repeats the first: the same outputs written twice.
            weightedSum(paired ? second : first, first, v, kvDim: kvDim, slots: slots, headSize: headSize, into: out1, out0)
            head += paired ? 2 : 1
        }
    }

    /// Scores of two query heads against the same keys (q1 may equal q0).
    @inline(__always)
    static func scores(_ q0: UnsafePointer<Float>, _ q1: UnsafePointer<Float>, _ k: UnsafePointer<Float>, keyStride: Int, slots: Int,
                       headSize: Int, divisor: Float, into s0: UnsafeMutablePointer<Float>, _ s1: UnsafeMutablePointer<Float>) {
        let wideSlots = slots / 8 * 8, wideDivisor = SIMD8<Float>(repeating: divisor)
        var t = 0
        while t < wideSlots {
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>()
            for i in 0..<headSize {
                let key = load(k + i * keyStride + t)
                a0 += SIMD8(repeating: q0[i]) * key
                a1 += SIMD8(repeating: q1[i]) * key
            }
            store(a0 / wideDivisor, s0 + t)
            store(a1 / wideDivisor, s1 + t)
            t += 8
        }
        while t < slots {
            var a0: Float = 0, a1: Float = 0
            for i in 0..<headSize {
                let key = k[i * keyStride + t]
                a0 += q0[i] * key
                a1 += q1[i] * key
            }
            s0[t] = a0 / divisor
            s1[t] = a1 / divisor
            t += 1
        }
    }

    /// `Nonlinear.softmax`'s numbers: maximum over lanes, `expf` and the sum in slot order,
    /// one division per element (eight at a time).
    @inline(__always)
    static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let wide = count / 8 * 8
        var maximum = x[0]
        if wide > 0, !maximum.isNaN {
            // Lanes start from x[0] and take only greater numbers, as the scalar loop does,
            // so a NaN after x[0] is skipped and the lanes' maximum is the loop's maximum.
            var lanes = SIMD8<Float>(repeating: maximum)
            var t = 0
            while t < wide {
                let next = load(x + t)
                lanes.replace(with: next, where: next .> lanes)
                t += 8
            }
            maximum = lanes.max()
        }
        for t in wide..<count where x[t] > maximum { maximum = x[t] }
        // x − max eight at a time (the same subtraction per lane), then expf and the sum
        // one by one in slot order.
        let wideMaximum = SIMD8<Float>(repeating: maximum)
        var t = 0
        while t < wide {
            store(load(x + t) - wideMaximum, x + t)
            t += 8
        }
        for tail in wide..<count { x[tail] -= maximum }
        var sum: Float = 0
        for index in 0..<count {
            x[index] = expf(x[index])
            sum += x[index]
        }
        let wideSum = SIMD8<Float>(repeating: sum)
        t = 0
        while t < wide {
            store(load(x + t) / wideSum, x + t)
            t += 8
        }
        while t < count {
            x[t] /= sum
            t += 1
        }
    }

    /// Outputs of two query heads over the same values (the weights rows may be equal).
    @inline(__always)
    static func weightedSum(_ a1: UnsafePointer<Float>, _ a0: UnsafePointer<Float>, _ v: UnsafePointer<Float>, kvDim: Int, slots: Int,
                            headSize: Int, into out1: UnsafeMutablePointer<Float>, _ out0: UnsafeMutablePointer<Float>) {
        let wideElements = headSize / 8 * 8
        var i = 0
        while i < wideElements {
            var sum0 = SIMD8<Float>(), sum1 = SIMD8<Float>()
            for t in 0..<slots {
                let value = load(v + t * kvDim + i)
                sum0 += SIMD8(repeating: a0[t]) * value
                sum1 += SIMD8(repeating: a1[t]) * value
            }
            store(sum1, out1 + i)
            store(sum0, out0 + i)
            i += 8
        }
        while i < headSize {
            var sum0: Float = 0, sum1: Float = 0
            for t in 0..<slots {
                let value = v[t * kvDim + i]
                sum0 += a0[t] * value
                sum1 += a1[t] * value
            }
            out1[i] = sum1
            out0[i] = sum0
            i += 1
        }
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }

    @inline(__always)
    static func load(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }

    @inline(__always)
    static func store(_ lanes: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: lanes, as: SIMD8<Float>.self)
    }
}
