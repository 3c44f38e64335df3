/// A tokenizer file that cannot be read, each case one clear line.
public enum TokenizerError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case truncated(token: Int, offset: Int)
    case invalidMaxTokenLength(Int)
    case invalidTokenLength(token: Int, length: Int, maxTokenLength: Int)
    case nonFiniteScore(token: Int, score: Float)
    case trailingBytes(count: Int)
    case tooFewTokens(count: Int)
    case vocabularyMismatch(tokenizer: Int, model: Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read tokenizer \(path): \(reason)"
        case .truncated(let token, let offset): return "tokenizer file truncated in token \(token) at offset \(offset)"
        case .invalidMaxTokenLength(let value): return "tokenizer max_token_length \(value) must be positive"
        case .invalidTokenLength(let token, let length, let maxLength):
            return "tokenizer token \(token) has length \(length), outside 1...\(maxLength)"
        case .nonFiniteScore(let token, let score): return "tokenizer token \(token) has score \(score)"
        case .trailingBytes(let count): return "tokenizer file has \(count) bytes after the last token"
        case .vocabularyMismatch(let tokenizer, let model):
            return "tokenizer has \(tokenizer) tokens but the model's vocabulary is \(model)"
        case .tooFewTokens(let count):
            return "tokenizer has \(count) tokens; it needs at least 259 (<unk>, <s>, </s> and the 256 byte tokens)"
        }
    }
}
