/// Everything that can stop a compression run, each with a one-line description that
/// names the input at fault.
public enum CompressionError: Error, CustomStringConvertible, Equatable {
    /// A Hessian (after damping) is not positive definite: Cholesky met a non-positive pivot.
    case notPositiveDefinite(pivot: Int, value: Double)
    /// Settings that cannot be applied to a layer of this shape.
    case invalidSettings(String)
    /// A weight matrix or activation batch whose size does not match its declared shape.
    case shapeMismatch(what: String, expected: Int, actual: Int)
    /// A non-finite number in the inputs of a layer (weights or calibration activations).
    case nonFinite(what: String, index: Int)
    /// The calibration token file is unusable.
    case calibration(path: String, reason: String)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let pivot, let value):
            return "Hessian is not positive definite (pivot \(pivot) is \(value)); raise the damping"
        case .invalidSettings(let reason):
            return "invalid compression settings: \(reason)"
        case .shapeMismatch(let what, let expected, let actual):
            return "\(what) has \(actual) values, expected \(expected)"
        case .nonFinite(let what, let index):
            return "\(what) holds a non-finite value at index \(index)"
        case .calibration(let path, let reason):
            return "calibration file \(path): \(reason)"
        }
    }
}
