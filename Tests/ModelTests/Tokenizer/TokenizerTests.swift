import Foundation
import Model
import Testing

@Suite struct TokenizerTests {
    @Test(.enabled(if: SharedData.available, "shared data absent"))
    func encodesTheReadmeExample() throws {
        let tokenizer = try #require(SharedModel.tokenizer)
        #expect(tokenizer.count == 512)
        #expect(tokenizer.encode("Once upon a time", bos: true, eos: false) == [1, 403, 407, 261, 378])
        #expect(tokenizer.encode("Once upon a time", bos: true, eos: true).last == 2)
        #expect(tokenizer.encode("", bos: true, eos: false) == [1])
        #expect(tokenizer.encode("", bos: false, eos: false) == [])
    }

    /// run.c's quadratic merge loop, written as plainly as run.c does it, as the oracle
    /// for the heap-based merge.
    static func referenceEncode(_ tokenizer: Tokenizer, _ text: String, bos: Bool) -> [Int] {
        let bytes = Array(text.utf8)
        var tokens: [Int] = bos ? [1] : []
        if !bytes.isEmpty { tokens.append(tokenizer.id(of: [0x20])!) }
        var buffer: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            if byte & 0xC0 != 0x80 { buffer = [] }
            buffer.append(byte)
            if index + 1 < bytes.count, bytes[index + 1] & 0xC0 == 0x80, buffer.count < 4 { continue }
            if let id = tokenizer.id(of: buffer) { tokens.append(id) } else { tokens += buffer.map { Int($0) + 3 } }
            buffer = []
        }
        while true {
            var bestScore: Float = -1e10, bestId = -1, bestIndex = -1
            for i in 0..<max(tokens.count - 1, 0) {
                if let id = tokenizer.id(of: tokenizer.pieces[tokens[i]] + tokenizer.pieces[tokens[i + 1]]), tokenizer.scores[id] > bestScore {
                    bestScore = tokenizer.scores[id]; bestId = id; bestIndex = i
                }
            }
            if bestIndex == -1 { break }
            tokens[bestIndex] = bestId
            tokens.remove(at: bestIndex + 1)
        }
        return tokens
    }

    @Test(.enabled(if: SharedData.available, "shared data absent"))
    func heapMergeEqualsRunCsLoopOnSampleTexts() throws {
        let tokenizer = try #require(SharedModel.tokenizer)
        let story = try String(contentsOfFile: try #require(SharedData.path("tinystories_val.txt")), encoding: .utf8)
        let wiki = try String(contentsOfFile: try #require(SharedData.path("wikitext2_test_raw.txt")), encoding: .utf8)
        var samples = ["a", " ", "  leading spaces", "héllo wörld ☃ 🙂 日本語", "\n\n = Robert Boulter = \n", "aaaaaaaaaaaaaaaa",
                       String(decoding: [0xE2, 0x98], as: UTF8.self)]
        // Slices of the real texts at unaligned offsets, each of a few hundred bytes.
        for (text, step) in [(story, 50_021), (wiki, 97_003)] {
            let bytes = Array(text.utf8)
            for start in stride(from: 0, to: bytes.count - 600, by: step) {
                samples.append(String(decoding: bytes[start..<start + 400], as: UTF8.self))
            }
        }
        for sample in samples {
            #expect(tokenizer.encode(sample, bos: true, eos: false) == Self.referenceEncode(tokenizer, sample, bos: true), "\(sample.prefix(40))")
        }
    }

    @Test(.enabled(if: SharedData.available, "shared data absent"))
    func wholeFilesGiveTheProtocolTokenCounts() throws {
        let tokenizer = try #require(SharedModel.tokenizer)
        for (name, count) in [("tinystories_val.txt", 393_019), ("wikitext2_test_raw.txt", 815_070)] {
            let text = try String(contentsOfFile: try #require(SharedData.path(name)), encoding: .utf8)
            #expect(tokenizer.encode(text, bos: true, eos: false).count == count, "\(name)")
        }
    }

    @Test(.enabled(if: SharedData.available, "shared data absent"))
    func decodeStripsTheSpaceAfterBosAndReadsByteTokens() throws {
        let tokenizer = try #require(SharedModel.tokenizer)
        #expect(tokenizer.decode([1, 403, 407, 261, 378]) == "Once upon a time")
        let snowman = "☃"
        let tokens = tokenizer.encode(snowman, bos: true, eos: false)
        #expect(tokenizer.decode(tokens) == snowman)
        #expect(tokenizer.pieceBytes(previous: 5, token: 3 + 0x41) == [0x41])
    }
}

@Suite struct TokenizerFileTests {
    /// A well-formed file: max length, then 259 tokens (<unk>, <s>, </s>, bytes) plus `extra`.
    static func file(maxLength: Int32 = 8, byteTokens: Int = 256, extra: [(Float, [UInt8])] = [], lengthOverride: Int32? = nil) -> [UInt8] {
        var bytes: [UInt8] = []
        func int32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        func float(_ v: Float) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        int32(maxLength)
        var tokens: [(Float, [UInt8])] = [(0, Array("<unk>".utf8)), (0, Array("<s>".utf8)), (0, Array("</s>".utf8))]
        tokens += (0..<byteTokens).map { (0, Array(String(format: "<0x%02X>", $0).utf8)) }
        tokens += extra
        for (index, (score, piece)) in tokens.enumerated() {
            float(score)
            int32(index == 0 ? (lengthOverride ?? Int32(piece.count)) : Int32(piece.count))
            bytes += piece
        }
        return bytes
    }

    @Test func byteFallbackAndMergesOnASyntheticVocabulary() throws {
        let tokenizer = try Tokenizer.load(bytes: Self.file(extra: [(-1, [0x20]), (-2, Array("ab".utf8)), (-1, Array("a".utf8)), (-1, Array("b".utf8)), (-3, Array(" ab".utf8))]))
        // " " is 259, "ab" 260, "a" 261, "b" 262, " ab" 263: " ab" needs " " + "ab" (ab merges first: -2 > -3).
        #expect(tokenizer.encode("ab", bos: false, eos: false) == [263])
        #expect(tokenizer.encode("ac", bos: false, eos: false) == [259, 261, Int(UInt8(ascii: "c")) + 3])
    }

    @Test(arguments: [
        (Self.file(maxLength: 0), "max_token_length 0 must be positive"),
        (Array(Self.file().dropLast(3)), "truncated in token 258"),
        (Self.file(lengthOverride: 9), "token 0 has length 9, outside 1...8"),
        (Self.file(lengthOverride: -1), "token 0 has length -1"),
        (Self.file(extra: [(.nan, [0x20])]), "token 259 has score nan"),
        (Self.file(byteTokens: 255), "has 258 tokens; it needs at least 259"),
        ([1, 0], "truncated in token 0"),
    ])
    func malformedFilesGiveOneClearError(bytes: [UInt8], message: String) {
        do {
            _ = try Tokenizer.load(bytes: bytes)
            Issue.record("expected an error containing '\(message)'")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }

    @Test func missingFileIsNamed() {
        #expect(throws: TokenizerError.unreadable(path: "/nonexistent/tok.bin", reason: "no such file")) {
            try Tokenizer.load(path: "/nonexistent/tok.bin")
        }
    }
}
