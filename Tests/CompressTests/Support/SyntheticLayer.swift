import Compress

/// A seeded generator (SplitMix64) so every synthetic test is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Approximately standard normal (sum of 12 uniforms).
    mutating func gaussian() -> Float {
        var sum: Float = 0
        for _ in 0..<12 { sum += Float.random(in: 0..<1, using: &self) }
        return sum - 6
    }
}

/// A random layer with correlated inputs (mixed Gaussians with uneven scales), the
/// setting where OBS/GPTQ compensation matters.
struct SyntheticLayer {
    let rows: Int
    let columns: Int
    let tokens: Int
    let weights: [Float]
    /// `tokens × columns`, row-major.
    let inputs: [Float]

    init(rows: Int, columns: Int, tokens: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        self.rows = rows
        self.columns = columns
        self.tokens = tokens
        weights = (0..<rows * columns).map { _ in random.gaussian() }
        let latent = 8
        let mixing = (0..<latent * columns).map { _ in random.gaussian() }
        let columnScale = (0..<columns).map { _ in Float.random(in: 0.2...3, using: &random) }
        var inputs = [Float](repeating: 0, count: tokens * columns)
        for t in 0..<tokens {
            let z = (0..<latent).map { _ in random.gaussian() }
            for c in 0..<columns {
                var value = 0.3 * random.gaussian()
                for l in 0..<latent { value += z[l] * mixing[l * columns + c] }
                inputs[t * columns + c] = value * columnScale[c]
            }
        }
        self.inputs = inputs
    }

    func hessian() throws -> SquareMatrix {
        var accumulator = HessianAccumulator(dimension: columns)
        let perSample = tokens / 4
        for s in 0..<4 {
            try accumulator.add(inputs: Array(inputs[(s * perSample * columns)..<((s + 1) * perSample * columns)]))
        }
        return accumulator.hessian
    }

    /// ‖(W − Ŵ) Xᵀ‖²_F: the layer's output error on its calibration inputs.
    func reconstructionError(_ compressed: [Float]) -> Double {
        var total = 0.0
        for t in 0..<tokens {
            for r in 0..<rows {
                var sum = 0.0
                for c in 0..<columns {
                    sum += Double(weights[r * columns + c] - compressed[r * columns + c]) * Double(inputs[t * columns + c])
                }
                total += sum * sum
            }
        }
        return total
    }
}
