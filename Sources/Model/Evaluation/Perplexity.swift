import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which positions of each chunk are scored.
public enum PerplexityMethod: String, Sendable, CaseIterable {
    /// llama.cpp's `llama-perplexity`: positions C/2 ... C−2 (the second half, where every
    /// prediction has at least C/2 tokens of context).
    case llamaCpp = "llamacpp"
    /// Every position 0 ... C−2 of the chunk (the first predictions see little context,
    /// so this is higher than llama.cpp's figure on the same chunks).
    case full
}

public struct PerplexityResult: Sendable, Equatable {
    public var perplexity: Double
    /// Mean negative log-likelihood (natural log) per scored token.
    public var meanNegativeLogLikelihood: Double
    public var scoredTokens: Int
    public var chunks: Int
}

public enum EvaluationError: Error, CustomStringConvertible, Equatable {
    case invalidContext(context: Int, seqLen: Int)
    case textTooShort(tokens: Int, context: Int)

    public var description: String {
        switch self {
        case .invalidContext(let context, let seqLen): return "context \(context) must be in 2...\(seqLen) (the model's context)"
        case .textTooShort(let tokens, let context): return "text has \(tokens) tokens, fewer than one chunk of \(context)"
        }
    }
}

/// Perplexity over chunks as llama.cpp computes it: the token list is cut into
/// ⌊n / C⌋ chunks of C tokens (the tail is dropped); in each chunk token 0 is replaced by
/// BOS and the model runs from position 0 with an empty cache; the logits at each scored
/// position p are scored against token p+1 with `nll = log Σ exp(l − max) − (l_t − max)`
/// (the sum of `expf` terms in Double, as llama.cpp's `log_softmax`); PPL = exp(mean nll)
/// with the nll summed in Double.
///
/// Chunks are independent, so `evaluate(models:)` spreads them over one thread per model
/// (each `Transformer` owns its scratch and caches). Each chunk's nll sum is kept apart
/// and the sums are added in chunk order, so the result does not depend on the number
/// of threads.
public enum Perplexity {
    public static func evaluate(model: Transformer, tokens: [Int], context: Int, method: PerplexityMethod) throws -> PerplexityResult {
        try evaluate(models: [model], tokens: tokens, context: context, method: method)
    }

    /// `models` must be models of the same weights (one per thread).
    public static func evaluate(models: [Transformer], tokens: [Int], context: Int, method: PerplexityMethod) throws -> PerplexityResult {
        guard let config = models.first?.config else { return PerplexityResult(perplexity: .nan, meanNegativeLogLikelihood: .nan, scoredTokens: 0, chunks: 0) }
        guard context >= 2, context <= config.seqLen else {
            throw EvaluationError.invalidContext(context: context, seqLen: config.seqLen)
        }
        if let bad = tokens.first(where: { $0 < 0 || $0 >= config.vocab }) {
            throw InferenceError.tokenOutOfRange(token: bad, vocab: config.vocab)
        }
        let chunks = tokens.count / context
        guard chunks > 0 else { throw EvaluationError.textTooShort(tokens: tokens.count, context: context) }
        let firstScored = method == .llamaCpp ? context / 2 : 0
        let chunkSums = UnsafeMutableBufferPointer<Double>.allocate(capacity: chunks)
        defer { chunkSums.deallocate() }
        let failures = UnsafeMutableBufferPointer<(any Error)?>.allocate(capacity: models.count)
        failures.initialize(repeating: nil)
        defer { failures.deallocate() }
        let work = Work(models: models, sums: chunkSums, failures: failures)
        DispatchQueue.concurrentPerform(iterations: models.count) { worker in
            do {
                for chunk in stride(from: worker, to: chunks, by: work.models.count) {
                    work.sums[chunk] = try chunkNLL(work.models[worker], tokens[chunk * context..<(chunk + 1) * context], firstScored: firstScored)
                }
            } catch {
                work.failures[worker] = error
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw failure }
        let total = chunkSums.reduce(0, +)
        let scored = chunks * (context - 1 - firstScored)
        let mean = total / Double(scored)
        return PerplexityResult(perplexity: exp(mean), meanNegativeLogLikelihood: mean, scoredTokens: scored, chunks: chunks)
    }

    /// What the workers share: each writes only its own chunks' sums and its own failure slot.
    private struct Work: @unchecked Sendable {
        let models: [Transformer]
        let sums: UnsafeMutableBufferPointer<Double>
        let failures: UnsafeMutableBufferPointer<(any Error)?>
    }

    /// The nll sum of one chunk, run from position 0 with BOS in place of its first token.
    static func chunkNLL(_ model: Transformer, _ chunk: ArraySlice<Int>, firstScored: Int) throws -> Double {
        let start = chunk.startIndex
        model.reset()
        var sum = 0.0
        // The last position's logits predict beyond the chunk and are never scored.
        for position in 0..<chunk.count - 1 {
            let token = position == 0 ? Tokenizer.bos : chunk[start + position]
            let logits = try model.logits(token: token, position: position)
            guard position >= firstScored else { continue }
            sum += negativeLogLikelihood(logits, target: chunk[start + position + 1])
        }
        return sum
    }

    /// `−log softmax(logits)[target]`, llama.cpp's way.
    static func negativeLogLikelihood(_ logits: UnsafeBufferPointer<Float>, target: Int) -> Double {
        var maximum = logits[0]
        for value in logits where value > maximum { maximum = value }
        var sum = 0.0
        for value in logits { sum += Double(expf(value - maximum)) }
        return log(sum) - Double(logits[target] - maximum)
    }
}
