/// Bad input to a forward pass (a token id or position the model cannot take).
public enum InferenceError: Error, CustomStringConvertible, Equatable {
    case tokenOutOfRange(token: Int, vocab: Int)
    case positionOutOfRange(position: Int, seqLen: Int)
    case positionOutOfOrder(position: Int, expected: Int)
    case shapeMismatch(what: String, expected: Int, actual: Int)

    public var description: String {
        switch self {
        case .tokenOutOfRange(let token, let vocab): return "token id \(token) is outside the vocabulary 0..<\(vocab)"
        case .positionOutOfRange(let position, let seqLen): return "position \(position) is beyond the model's context of \(seqLen) tokens"
        case .positionOutOfOrder(let position, let expected):
            return "position \(position) given where the cache expects position \(expected) (reset to start a new sequence)"
        case .shapeMismatch(let what, let expected, let actual): return "\(what) has \(actual) values, expected \(expected)"
        }
    }
}
