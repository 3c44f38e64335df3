/// Text generation as run.c's `generate` does it: the prompt is encoded with BOS, fed
/// position by position (its tokens forced), then sampled tokens follow until `steps`
/// positions (BOS included) are done or the model emits BOS.
public struct Generation: Sendable, Equatable {
    /// Every token, BOS and prompt included.
    public var tokens: [Int]
    /// The text run.c prints: the pieces of every token after BOS.
    public var text: String
    /// Forward steps run (positions).
    public var positions: Int
    public var seconds: Double
}

public enum Generator {
    /// `steps` is clamped to the model's context; `onPiece` receives each token's text as
    /// it is produced (for streaming output).
    public static func generate(model: Transformer, tokenizer: Tokenizer, prompt: String, steps: Int,
                                sampler: inout Sampler, onPiece: (String) -> Void = { _ in }) throws -> Generation {
        guard tokenizer.count == model.config.vocab else {
            throw TokenizerError.vocabularyMismatch(tokenizer: tokenizer.count, model: model.config.vocab)
        }
        let promptTokens = tokenizer.encode(prompt, bos: true, eos: false)
        let limit = min(max(steps, 0), model.config.seqLen)
        var tokens = [promptTokens[0]]
        var bytes: [UInt8] = []
        model.reset()
        let start = ContinuousClock.now
        var position = 0
        while position < limit {
            let logits = try model.logits(token: tokens[position], position: position)
            let next = position + 1 < promptTokens.count ? promptTokens[position + 1] : sampler.sample(logits)
            position += 1
            if next == Tokenizer.bos { break }
            let piece = tokenizer.pieceBytes(previous: tokens[position - 1], token: next)
            bytes += piece
            onPiece(String(decoding: piece, as: UTF8.self))
            tokens.append(next)
        }
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return Generation(tokens: tokens, text: String(decoding: bytes, as: UTF8.self), positions: position, seconds: seconds)
    }
}
