import Testing
import Compress

@Suite struct CalibrationSegmentsTests {
    static func bytes(_ tokens: [Int32]) -> [UInt8] {
        tokens.flatMap { token in (0..<4).map { UInt8(truncatingIfNeeded: UInt32(bitPattern: token) >> (8 * $0)) } }
    }

    @Test func readsLittleEndianSegments() throws {
        let segments = try CalibrationSegments(bytes: Self.bytes([1, 300, 2, 511, 0, 7]), segmentLength: 3, vocab: 512, path: "t.i32")
        #expect(segments.count == 2)
        #expect(segments[1] == [511, 0, 7])
        #expect(segments.prefix(1).tokens == [1, 300, 2])
    }

    @Test func malformedFilesAreRejectedWithTheReason() {
        #expect(throws: CompressionError.calibration(path: "t.i32", reason: "is 5 bytes, not a whole number of int32 token ids")) {
            try CalibrationSegments(bytes: [1, 0, 0, 0, 0], segmentLength: 1, vocab: 512, path: "t.i32")
        }
        #expect(throws: CompressionError.calibration(path: "t.i32", reason: "holds 3 tokens, not a whole number of 2-token segments")) {
            try CalibrationSegments(bytes: Self.bytes([1, 2, 3]), segmentLength: 2, vocab: 512, path: "t.i32")
        }
        #expect(throws: CompressionError.calibration(path: "t.i32", reason: "token -1 at segment 1, position 0 is outside the vocabulary 0..<512")) {
            try CalibrationSegments(bytes: Self.bytes([1, 2, -1, 3]), segmentLength: 2, vocab: 512, path: "t.i32")
        }
        #expect(throws: CompressionError.self) { try CalibrationSegments(contentsOf: "/nonexistent/c.i32", segmentLength: 256, vocab: 512) }
    }

    @Test func readsTheSharedCalibrationFile() throws {
        guard let path = SharedData.path("calib_tokens_128x256_seed0.i32") else {
            print("skipped: ../shared/data/calib_tokens_128x256_seed0.i32 is absent")
            return
        }
        let segments = try CalibrationSegments(contentsOf: path, segmentLength: 256, vocab: 512)
        #expect(segments.count == 128)
    }
}
