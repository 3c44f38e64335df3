import Numerics

/// Picks the next token from logits. Greedy takes the first maximum (run.c's argmax);
/// temperature sampling divides the logits by T, applies `Nonlinear.softmax` and draws
/// from the distribution with one `XorshiftRandom` float (run.c's `sample_mult`; we do
/// not apply run.c's top-p).
public struct Sampler: Sendable {
    public enum Method: Sendable, Equatable {
        case greedy
        case temperature(Float)
    }

    public let method: Method
    private var random: XorshiftRandom
    private var probabilities: [Float] = []

    /// Temperature 0 means greedy.
    public init(temperature: Float, seed: UInt64) {
        method = temperature == 0 ? .greedy : .temperature(temperature)
        random = XorshiftRandom(seed: seed)
    }

    public mutating func sample(_ logits: UnsafeBufferPointer<Float>) -> Int {
        switch method {
        case .greedy:
            var best = 0
            for i in 1..<logits.count where logits[i] > logits[best] { best = i }
            return best
        case .temperature(let temperature):
            if probabilities.count != logits.count { probabilities = [Float](repeating: 0, count: logits.count) }
            let coin = random.nextFloat()
            return probabilities.withUnsafeMutableBufferPointer { p in
                for i in 0..<logits.count { p[i] = logits[i] / temperature }
                Nonlinear.softmax(p.baseAddress!, count: p.count)
                var cumulative: Float = 0
                for i in 0..<p.count {
                    cumulative += p[i]
                    if coin < cumulative { return i }
                }
                return p.count - 1
            }
        }
    }
}
