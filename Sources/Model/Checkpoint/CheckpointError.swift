/// Everything that can be wrong with a checkpoint on disk. Each case's description is one
/// line naming the file part at fault, so a bad checkpoint never traps.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    /// The file ends before `what` (needed `needed` bytes at `offset`, only `available`).
    case truncated(what: String, offset: Int, needed: Int, available: Int)
    case wrongMagic(found: UInt32, expected: UInt32)
    case unsupportedVersion(Int)
    /// A header value that cannot describe a model: the field and why.
    case invalidHeader(field: String, value: String, reason: String)
    case sizeMismatch(expectedBytes: Int, actualBytes: Int)
    case shapeMismatch(tensor: String, expectedCount: Int, actualCount: Int)
    case nonFiniteWeight(tensor: String, index: Int, value: Float)
    case missingTensor(name: String, file: String)
    case tensorShape(name: String, expected: [Int], found: [Int])
    case unsupportedDType(name: String, dtype: String)
    case malformedJSON(file: String, reason: String)
    case malformedSafetensors(file: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read checkpoint \(path): \(reason)"
        case .truncated(let what, let offset, let needed, let available):
            return "checkpoint truncated: \(what) needs \(needed) bytes at offset \(offset), only \(available) left"
        case .wrongMagic(let found, let expected):
            return "checkpoint has magic 0x\(String(found, radix: 16)), expected 0x\(String(expected, radix: 16))"
        case .unsupportedVersion(let version):
            return "checkpoint version \(version) is not supported (known: 1)"
        case .invalidHeader(let field, let value, let reason):
            return "checkpoint header: \(field) = \(value) \(reason)"
        case .sizeMismatch(let expected, let actual):
            return "checkpoint is \(actual) bytes but its header describes \(expected) bytes"
        case .shapeMismatch(let tensor, let expected, let actual):
            return "tensor \(tensor) has \(actual) values, expected \(expected)"
        case .nonFiniteWeight(let tensor, let index, let value):
            return "tensor \(tensor) holds \(value) at index \(index)"
        case .missingTensor(let name, let file):
            return "tensor \(name) is missing from \(file)"
        case .tensorShape(let name, let expected, let found):
            return "tensor \(name) has shape \(found), expected \(expected)"
        case .unsupportedDType(let name, let dtype):
            return "tensor \(name) has dtype \(dtype) (supported: F32, F16, BF16)"
        case .malformedJSON(let file, let reason):
            return "\(file): \(reason)"
        case .malformedSafetensors(let file, let reason):
            return "\(file): \(reason)"
        }
    }
}
