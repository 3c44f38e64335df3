import Foundation

/// The llama2.c tokenizer (SentencePiece BPE vocabulary with scores, byte fallback).
///
/// File format: int32 max_token_length, then per token float32 score, int32 length and
/// that many bytes, little-endian, until the end of the file. Ids 0, 1, 2 are `<unk>`,
/// `<s>` (BOS), `</s>` (EOS); ids 3...258 are the byte tokens `<0x00>`...`<0xFF>`.
///
/// Pieces are C strings in run.c (`%s`, `strcmp`): a piece is used up to its first NUL
/// byte, and so is an input text. Where two ids have the same piece, lookups give the
/// lower id.
public struct Tokenizer: Sendable {
    public static let bos = 1
    public static let eos = 2
    static let byteTokenOffset = 3

    public let pieces: [[UInt8]]
    public let scores: [Float]
    public let maxTokenLength: Int
    private let ids: [[UInt8]: Int]

    public var count: Int { pieces.count }

    public init(pieces: [[UInt8]], scores: [Float], maxTokenLength: Int) throws {
        precondition(pieces.count == scores.count, "one score per piece")
        guard pieces.count >= Self.byteTokenOffset + 256 else { throw TokenizerError.tooFewTokens(count: pieces.count) }
        self.pieces = pieces.map { piece in piece.firstIndex(of: 0).map { Array(piece[..<$0]) } ?? piece }
        self.scores = scores
        self.maxTokenLength = maxTokenLength
        var ids: [[UInt8]: Int] = [:]
        for (id, piece) in self.pieces.enumerated() where ids[piece] == nil { ids[piece] = id }
        self.ids = ids
    }

    public static func load(path: String) throws -> Tokenizer {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file"
            throw TokenizerError.unreadable(path: path, reason: reason)
        }
        return try load(bytes: [UInt8](data))
    }

    public static func load(bytes: [UInt8]) throws -> Tokenizer {
        var offset = 0
        func word(token: Int) throws -> UInt32 {
            guard offset + 4 <= bytes.count else { throw TokenizerError.truncated(token: token, offset: offset) }
            defer { offset += 4 }
            return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        }
        let maxLength = Int(Int32(bitPattern: try word(token: 0)))
        guard maxLength > 0 else { throw TokenizerError.invalidMaxTokenLength(maxLength) }
        var pieces: [[UInt8]] = [], scores: [Float] = []
        while offset < bytes.count {
            let token = pieces.count
            let score = Float(bitPattern: try word(token: token))
            guard score.isFinite else { throw TokenizerError.nonFiniteScore(token: token, score: score) }
            let length = Int(Int32(bitPattern: try word(token: token)))
            guard length >= 1, length <= maxLength else {
                throw TokenizerError.invalidTokenLength(token: token, length: length, maxTokenLength: maxLength)
            }
            guard offset + length <= bytes.count else { throw TokenizerError.truncated(token: token, offset: offset) }
            pieces.append(Array(bytes[offset..<offset + length]))
            scores.append(score)
            offset += length
        }
        return try Tokenizer(pieces: pieces, scores: scores, maxTokenLength: maxLength)
    }

    /// The id of `piece`, or nil.
    public func id(of piece: [UInt8]) -> Int? { ids[piece] }

    /// Token ids of `text`, exactly as run.c's `encode`.
    public func encode(_ text: String, bos: Bool, eos: Bool) -> [Int] {
        encode(bytes: Array(text.utf8), bos: bos, eos: eos)
    }

    /// run.c's `encode`: optional BOS; the dummy-prefix token " " when the text is not
    /// empty; each UTF-8 character (at most 4 bytes) as its own piece or, if it has none,
    /// its bytes as byte tokens (byte + 3); then, repeatedly, merge the adjacent pair whose
    /// concatenation is a piece of the highest score (the leftmost among equal scores, and
    /// only scores above -1e10) until no pair merges; optional EOS.
    ///
    /// run.c rescans all pairs after every merge (quadratic). Here a heap holds candidate
    /// pairs ordered by (score descending, left position ascending) and pops one only if
    /// both sides are still the tokens it was computed from. Merging never reorders
    /// tokens, so the original position order is the current order: each pop is exactly
    /// the pair run.c's scan would pick, and the result is identical.
    public func encode(bytes input: [UInt8], bos: Bool, eos: Bool) -> [Int] {
        let text = input.firstIndex(of: 0).map { Array(input[..<$0]) } ?? input
        var tokens: [Int] = []
        tokens.reserveCapacity(text.count + 3)
        if bos { tokens.append(Self.bos) }
        if !text.isEmpty, let space = ids[[0x20]] { tokens.append(space) }
        var start = 0
        while start < text.count {
            // A character is a lead byte plus up to three continuation bytes (run.c flushes at four bytes).
            var end = start + 1
            while end < text.count, text[end] & 0xC0 == 0x80, end - start < 4 { end += 1 }
            let character = Array(text[start..<end])
            if let id = ids[character] {
                tokens.append(id)
            } else {
                for byte in character { tokens.append(Int(byte) + Self.byteTokenOffset) }
            }
            start = end
        }
        var merger = BytePairMerger(tokenizer: self, tokens: tokens)
        var merged = merger.run()
        if eos { merged.append(Self.eos) }
        return merged
    }

    /// The bytes run.c prints for `token` following `previous`: the piece, without its
    /// leading space right after BOS; a `<0xXX>` byte token is that one raw byte.
    public func pieceBytes(previous: Int?, token: Int) -> [UInt8] {
        guard token >= 0, token < pieces.count else { return [] }
        var piece = pieces[token][...]
        if previous == Self.bos, piece.first == 0x20 { piece = piece.dropFirst() }
        if let byte = Self.byteValue(of: piece) { return [byte] }
        return Array(piece)
    }

    /// Text of a token sequence as run.c prints it; BOS and EOS themselves print nothing.
    public func decode(_ tokens: [Int]) -> String {
        var bytes: [UInt8] = []
        for (index, token) in tokens.enumerated() where token != Self.bos && token != Self.eos {
            bytes += pieceBytes(previous: index > 0 ? tokens[index - 1] : nil, token: token)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `sscanf(piece, "<0x%02hhX>", &byte) == 1`: "<0x" then one or two hex digits.
    static func byteValue(of piece: ArraySlice<UInt8>) -> UInt8? {
        guard piece.starts(with: Array("<0x".utf8)) else { return nil }
        var value = 0, digits = 0
        for byte in piece.dropFirst(3).prefix(2) {
            guard let digit = hexDigit(byte) else { break }
            value = value * 16 + digit
            digits += 1
        }
        return digits > 0 ? UInt8(value) : nil
    }

    private static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte - 0x30)
        case 0x41...0x46: return Int(byte - 0x41 + 10)
        case 0x61...0x66: return Int(byte - 0x61 + 10)
        default: return nil
        }
    }
}
