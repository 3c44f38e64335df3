#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The NPE's fp32 rules: RMSNorm, rotary position embedding, softmax and the SwiGLU gate.
/// Each is written as the exact sequence of fp32 operations llama2.c's run.c performs
/// (sequential sums, C libm `expf`/`powf`/`cosf`/`sinf`), so our fp32 model reproduces
/// run.c and the integer path and the HLS C++ can follow the same order operation by
/// operation. See docs/numerics.md, "Nonlinear operations".
public enum Nonlinear {
    /// `out[j] = weight[j] · (r · x[j])` with `r = 1 / sqrt(Σ x² / n + ε)`, the sum taken in
    /// index order. `out` may alias `x`.
    @inlinable
    public static func rmsNorm(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, count: Int, epsilon: Float,
                               into out: UnsafeMutablePointer<Float>) {
        var sumOfSquares: Float = 0
        for j in 0..<count { sumOfSquares += x[j] * x[j] }
        let meanSquare = sumOfSquares / Float(count) + epsilon
        let inverseRoot = 1 / sqrtf(meanSquare)
        for j in 0..<count { out[j] = weight[j] * (inverseRoot * x[j]) }
    }

    /// In place: `x[i] = exp(x[i] − max) / Σ exp(x[k] − max)`; the maximum and the sum in
    /// index order, then one division per element (not a multiplication by 1/Σ).
    @inlinable
    public static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        var maximum = x[0]
        for i in 1..<count where x[i] > maximum { maximum = x[i] }
        var sum: Float = 0
        for i in 0..<count {
            x[i] = expf(x[i] - maximum)
            sum += x[i]
        }
        for i in 0..<count { x[i] /= sum }
    }

    /// SwiGLU's elementwise gate: `(g · (1 / (1 + exp(−g)))) · u`, in this order.
    @inlinable
    public static func swiGLU(gate g: Float, up u: Float) -> Float {
        var value = g
        value *= 1 / (1 + expf(-value))
        return value * u
    }

    /// SiLU alone, `g · (1 / (1 + exp(−g)))`.
    @inlinable
    public static func silu(_ g: Float) -> Float { g * (1 / (1 + expf(-g))) }
}

/// Rotary position embedding over adjacent pairs `(x[2i], x[2i+1])` of each head, the
/// llama2.c convention: pair i of a head of size h turns by `pos · f_i` with
/// `f_i = 1 / powf(θ, Float(2i) / Float(h))`, `(v0, v1) → (v0·c − v1·s, v0·s + v1·c)`
/// where `c = cosf(Float(pos) · f_i)`, `s = sinf(...)`. Frequencies are computed once, the
/// same fp32 values run.c recomputes per element.
public struct RotaryEmbedding: Sendable {
    public let headSize: Int
    public let theta: Float
    /// `f_i` for i in 0..<headSize/2.
    public let frequencies: [Float]

    public init(headSize: Int, theta: Float) {
        precondition(headSize > 0 && headSize % 2 == 0, "RoPE needs an even head size")
        self.headSize = headSize
        self.theta = theta
        frequencies = (0..<headSize / 2).map { 1 / powf(theta, Float(2 * $0) / Float(headSize)) }
    }

    /// The (cos, sin) of every pair at `position`, written to `cosines`/`sines`
    /// (headSize/2 each), so one position's angles serve all heads and both q and k.
    @inlinable
    public func angles(position: Int, cosines: UnsafeMutablePointer<Float>, sines: UnsafeMutablePointer<Float>) {
        for i in 0..<headSize / 2 {
            let angle = Float(position) * frequencies[i]
            cosines[i] = cosf(angle)
            sines[i] = sinf(angle)
        }
    }

    /// Rotates `heads` consecutive heads of `vector` in place with precomputed angles.
    @inlinable
    public func rotate(_ vector: UnsafeMutablePointer<Float>, heads: Int,
                       cosines: UnsafePointer<Float>, sines: UnsafePointer<Float>) {
        for head in 0..<heads {
            let base = vector + head * headSize
            for i in 0..<headSize / 2 {
                let v0 = base[2 * i], v1 = base[2 * i + 1]
                base[2 * i] = v0 * cosines[i] - v1 * sines[i]
                base[2 * i + 1] = v0 * sines[i] + v1 * cosines[i]
            }
        }
    }
}
