import Foundation

/// Calibration token segments: a file of int32 little-endian token ids, `count` segments
/// of `segmentLength` tokens each, row-major (the protocol's
/// calib_tokens_128x256_seed0.i32). Reading checks the size and every id against the
/// vocabulary, so the forward pass never sees a bad token.
public struct CalibrationSegments: Sendable, Equatable {
    public let segmentLength: Int
    /// All tokens, segment after segment.
    public let tokens: [Int]

    public var count: Int { tokens.count / segmentLength }

    public subscript(index: Int) -> [Int] {
        Array(tokens[(index * segmentLength)..<((index + 1) * segmentLength)])
    }

    /// The first `limit` segments (all of them if there are fewer).
    public func prefix(_ limit: Int) -> CalibrationSegments {
        CalibrationSegments(checkedTokens: Array(tokens.prefix(Swift.max(0, limit) * segmentLength)), segmentLength: segmentLength)
    }

    private init(checkedTokens: [Int], segmentLength: Int) {
        tokens = checkedTokens
        self.segmentLength = segmentLength
    }

    public init(contentsOf path: String, segmentLength: Int, vocab: Int) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CompressionError.calibration(path: path, reason: "cannot be read (\(error.localizedDescription))")
        }
        try self.init(bytes: [UInt8](data), segmentLength: segmentLength, vocab: vocab, path: path)
    }

    /// `path` only names the source in error messages.
    public init(bytes: [UInt8], segmentLength: Int, vocab: Int, path: String) throws {
        guard segmentLength > 0 else {
            throw CompressionError.calibration(path: path, reason: "segment length must be positive, got \(segmentLength)")
        }
        guard !bytes.isEmpty else { throw CompressionError.calibration(path: path, reason: "is empty") }
        guard bytes.count % 4 == 0 else {
            throw CompressionError.calibration(path: path, reason: "is \(bytes.count) bytes, not a whole number of int32 token ids")
        }
        let count = bytes.count / 4
        guard count % segmentLength == 0 else {
            throw CompressionError.calibration(path: path, reason: "holds \(count) tokens, not a whole number of \(segmentLength)-token segments")
        }
        var tokens = [Int](repeating: 0, count: count)
        for index in 0..<count {
            let raw = UInt32(bytes[4 * index]) | UInt32(bytes[4 * index + 1]) << 8
                | UInt32(bytes[4 * index + 2]) << 16 | UInt32(bytes[4 * index + 3]) << 24
            let token = Int(Int32(bitPattern: raw))
            guard (0..<vocab).contains(token) else {
                throw CompressionError.calibration(
                    path: path, reason: "token \(token) at segment \(index / segmentLength), position \(index % segmentLength) is outside the vocabulary 0..<\(vocab)")
            }
            tokens[index] = token
        }
        self.init(checkedTokens: tokens, segmentLength: segmentLength)
    }
}
