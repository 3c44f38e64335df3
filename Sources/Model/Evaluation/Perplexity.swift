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
public enum Perplexity {
    public static func evaluate(model: Transformer, tokens: [Int], context: Int, method: PerplexityMethod,
                                progress: ((_ chunk: Int, _ of: Int) -> Void)? = nil) throws -> PerplexityResult {
        guard context >= 2, context <= model.config.seqLen else {
            throw EvaluationError.invalidContext(context: context, seqLen: model.config.seqLen)
        }
        if let bad = tokens.first(where: { $0 < 0 || $0 >= model.config.vocab }) {
            throw InferenceError.tokenOutOfRange(token: bad, vocab: model.config.vocab)
        }
        let chunks = tokens.count / context
        guard chunks > 0 else { throw EvaluationError.textTooShort(tokens: tokens.count, context: context) }
        let firstScored = method == .llamaCpp ? context / 2 : 0
        var totalNLL = 0.0
        var scored = 0
        for chunk in 0..<chunks {
            let start = chunk * context
            model.reset()
            // The last position's logits predict beyond the chunk and are never scored.
            for position in 0..<context - 1 {
                let token = position == 0 ? Tokenizer.bos : tokens[start + position]
                let logits = try model.logits(token: token, position: position)
                guard position >= firstScored else { continue }
                totalNLL += negativeLogLikelihood(logits, target: tokens[start + position + 1])
                scored += 1
            }
            progress?(chunk + 1, chunks)
        }
        let mean = totalNLL / Double(scored)
        return PerplexityResult(perplexity: exp(mean), meanNegativeLogLikelihood: mean, scoredTokens: scored, chunks: chunks)
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
