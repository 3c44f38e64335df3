import Foundation
import Model
import Testing

@Suite struct PerplexityTests {
    static func tokens(_ name: String) throws -> [Int] {
        let tokenizer = try #require(SharedModel.tokenizer)
        let text = try String(contentsOfFile: try #require(SharedData.path(name)), encoding: .utf8)
        return tokenizer.encode(text, bos: true, eos: false)
    }

    /// llama.cpp's llama-perplexity on the fp32 GGUF gives 4.8752 (data README).
    @Test(.enabled(if: SharedData.available, "shared data absent"))
    func tinyStoriesAt256MatchesLlamaCpp() throws {
        let weights = try #require(SharedModel.weights)
        // Two models: two threads, as on the 2-core CI machine.
        let result = try Perplexity.evaluate(models: [Transformer(weights: weights), Transformer(weights: weights)], tokens: try Self.tokens("tinystories_val.txt"), context: 256, method: .llamaCpp)
        #expect(result.chunks == 393_019 / 256)
        #expect(result.scoredTokens == result.chunks * 127)
        #expect(abs(result.perplexity / 4.8752 - 1) < 0.005, "perplexity \(result.perplexity)")
    }

    @Test(.enabled(if: SharedData.available, "shared data absent"))
    func chunkingDropsTheTailAndScoresTheDocumentedPositions() throws {
        let model = Transformer(weights: try #require(SharedModel.weights))
        let tokens = Array(try Self.tokens("tinystories_val.txt").prefix(2 * 64 + 63))
        let half = try Perplexity.evaluate(model: model, tokens: tokens, context: 64, method: .llamaCpp)
        let full = try Perplexity.evaluate(model: model, tokens: tokens, context: 64, method: .full)
        #expect(half.chunks == 2 && full.chunks == 2)
        #expect(half.scoredTokens == 2 * 31 && full.scoredTokens == 2 * 63)
        // Early positions see little context, so scoring them raises the perplexity.
        #expect(full.perplexity > half.perplexity)
        // Only whole chunks count: the 63 tail tokens change nothing.
        #expect(try Perplexity.evaluate(model: model, tokens: Array(tokens.prefix(128)), context: 64, method: .llamaCpp) == half)
        // Nor does the number of threads.
        let weights = try #require(SharedModel.weights)
        let threaded = try Perplexity.evaluate(models: (0..<3).map { _ in Transformer(weights: weights) }, tokens: tokens, context: 64, method: .full)
        #expect(threaded == full)
    }

    @Test(.enabled(if: SharedData.available, "shared data absent"))
    func badArgumentsAreErrors() throws {
        let model = Transformer(weights: try #require(SharedModel.weights))
        #expect(throws: EvaluationError.invalidContext(context: 513, seqLen: 512)) {
            try Perplexity.evaluate(model: model, tokens: [1, 2, 3], context: 513, method: .llamaCpp)
        }
        #expect(throws: EvaluationError.textTooShort(tokens: 3, context: 4)) {
            try Perplexity.evaluate(model: model, tokens: [1, 2, 3], context: 4, method: .llamaCpp)
        }
        #expect(throws: InferenceError.tokenOutOfRange(token: 512, vocab: 512)) {
            try Perplexity.evaluate(model: model, tokens: [1, 2, 512, 4], context: 2, method: .llamaCpp)
        }
    }
}
