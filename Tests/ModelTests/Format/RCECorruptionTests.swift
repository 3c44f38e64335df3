import Model
import Numerics
import Testing

/// Every defect the reader names, each built by corrupting a valid file (and resealing
/// the checksum where the defect sits behind it).
@Suite struct RCECorruptionTests {
    let model: CompressedModel
    let valid: RCEBytes

    init() throws {
        model = try TestModels.randomModel(config: try TestModels.tinyConfig(), seed: 21)
        valid = RCEBytes(model)
    }

    /// Decoding `file` throws exactly `expected`, whose message is `message`.
    func expectError(_ file: RCEBytes, _ expected: RCEFormatError, _ message: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(expected.description == message, sourceLocation: sourceLocation)
        do {
            _ = try file.decode()
            Issue.record("decoded without error, expected: \(message)", sourceLocation: sourceLocation)
        } catch let error as RCEFormatError {
            #expect(error == expected, sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error type \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func badMagic() {
        var file = valid
        file.bytes[0] = UInt8(ascii: "X")
        expectError(file, .badMagic(found: Array("XCEMODEL".utf8)),
                    "not an .rce file: magic is 58 43 45 4d 4f 44 45 4c, expected \"RCEMODEL\"")
    }

    /// Files of the earlier versions (a byte per 2:4 group; a byte pair per quantization
    /// group) and of a later one are refused before anything else is read.
    @Test func unsupportedVersion() {
        var file = valid
        for version: UInt32 in [1, 2, 4] {
            file.setU32(version, at: 8)
            expectError(file, .unsupportedVersion(version), ".rce version \(version) is not supported (this reader reads version 3)")
        }
    }

    @Test func truncation() {
        var file = valid
        let size = file.bytes.count
        file.bytes.removeLast(100)
        expectError(file, .truncated(actualBytes: size - 100, neededBytes: size), ".rce file truncated: \(size - 100) bytes, needs \(size)")
        file.bytes = Array(valid.bytes.prefix(40))
        expectError(file, .truncated(actualBytes: 40, neededBytes: 128), ".rce file truncated: 40 bytes, needs 128")
        file.bytes = valid.bytes + [0]
        expectError(file, .trailingBytes(actualBytes: size + 1, declaredBytes: size), ".rce file is \(size + 1) bytes but its header declares \(size)")
    }

    @Test func checksumMismatch() {
        var file = valid
        let offset = file.dataOffset("embedding") + 5
        file.bytes[offset] ^= 0x10
        let stored = valid.u32(at: valid.bytes.count - 4)
        var resealed = file
        resealed.reseal()
        let computed = resealed.u32(at: resealed.bytes.count - 4)
        func hex(_ v: UInt32) -> String { let d = String(v, radix: 16); return String(repeating: "0", count: 8 - d.count) + d }
        expectError(file, .checksumMismatch(stored: stored, computed: computed),
                    ".rce checksum mismatch: stored CRC-32C 0x\(hex(stored)), contents give 0x\(hex(computed))")
    }

    @Test func offsetOutOfRange() {
        var file = valid
        let index = file.entryIndex("layers.0.w3.groups")
        let end = file.bytes.count - 4
        file.setU64(UInt64(end), at: file.entry(index) + 48)
        file.reseal()
        // w3: 12 rows of one 56-byte unit.
        expectError(file, .outOfRange(name: "layers.0.w3.groups", offset: UInt64(end), length: 12 * 56, payloadStart: 128 + 64 * 25, payloadEnd: end),
                    ".rce tensor layers.0.w3.groups spans [\(end), \(end) + 672), outside the payload [1728, \(end))")
        file = valid
        file.setU64(0, at: file.entry(0) + 48)
        file.reseal()
        expectError(file, .outOfRange(name: "embedding", offset: 0, length: 192, payloadStart: 1728, payloadEnd: end),
                    ".rce tensor embedding spans [0, 0 + 192), outside the payload [1728, \(end))")
        file = valid
        file.setU64(UInt64.max - 63, at: file.entry(0) + 48)
        file.reseal()
        expectError(file, .outOfRange(name: "embedding", offset: UInt64.max - 63, length: 192, payloadStart: 1728, payloadEnd: end),
                    ".rce tensor embedding spans [\(UInt64.max - 63), \(UInt64.max - 63) + 192), outside the payload [1728, \(end))")
    }

    @Test func overlappingTensors() {
        var file = valid
        let index = file.entryIndex("final_norm")
        file.setU64(UInt64(file.dataOffset("embedding") + 128), at: file.entry(index) + 48)
        file.reseal()
        expectError(file, .overlapping(name: "final_norm", other: "embedding"), ".rce tensor final_norm overlaps tensor embedding")
    }

    @Test func misalignedTensor() {
        var file = valid
        let offset = UInt64(file.dataOffset("final_norm") + 4)
        file.setU64(offset, at: file.entry(file.entryIndex("final_norm")) + 48)
        file.reseal()
        expectError(file, .misaligned(name: "final_norm", offset: offset), ".rce tensor final_norm starts at offset \(offset), not a multiple of 64")
    }

    @Test func shapeNotMatchingTheConfig() {
        var file = valid
        file.setU32(5, at: file.entry(file.entryIndex("layers.0.wq.groups")) + 36)
        file.reseal()
        expectError(file, .tensorShape(name: "layers.0.wq.groups", found: [5, 8], expected: [8, 8]),
                    ".rce tensor layers.0.wq.groups has shape [5, 8], the model needs [8, 8]")
        // A header dimension that disagrees with the tensors.
        file = valid
        file.setU32(7, at: 52)  // vocab
        file.reseal()
        expectError(file, .tensorShape(name: "embedding", found: [6, 8], expected: [7, 8]),
                    ".rce tensor embedding has shape [6, 8], the model needs [7, 8]")
        file = valid
        file.setU32(3, at: 44)  // heads: 8 / 3 is no head size
        file.reseal()
        expectError(file, .invalidHeader(field: "n_heads", value: "3", reason: "does not divide dim 8"),
                    ".rce header: n_heads = 3 does not divide dim 8")
    }

    @Test func tableEntriesMustFollowTheLayout() {
        var file = valid
        file.bytes[file.entry(1)] = UInt8(ascii: "F")
        file.reseal()
        expectError(file, .unexpectedTensor(index: 1, found: "Final_norm", expected: "final_norm"),
                    ".rce tensor table entry 1 is \"Final_norm\", expected \"final_norm\"")
        file = valid
        file.bytes[file.entry(1) + 20] = 0x07
        file.reseal()
        expectError(file, .invalidTensorName(index: 1),
                    ".rce tensor table entry 1 has a malformed name (printable ASCII, zero-padded, at most 31 bytes)")
        file = valid
        file.setU32(4, at: file.entry(0) + 32)
        file.reseal()
        expectError(file, .tensorKind(name: "embedding", found: 4, expected: 1), ".rce tensor embedding has kind 4, expected 1")
        file = valid
        file.setU64(100, at: file.entry(0) + 56)
        file.reseal()
        expectError(file, .tensorLayout(name: "embedding", field: "length", found: 100, expected: 192),
                    ".rce tensor embedding has length 100, expected 192")
        file = valid
        file.setU32(24, at: 24)
        file.reseal()
        expectError(file, .invalidHeader(field: "tensor_count", value: "24", reason: "does not match the model, which has 25 tensors"),
                    ".rce header: tensor_count = 24 does not match the model, which has 25 tensors")
        // A layer count far beyond the file: the same one error, before anything is sized by it.
        file = valid
        file.setU32(UInt32.max, at: 40)  // n_layers
        file.reseal()
        expectError(file, .invalidHeader(field: "tensor_count", value: "25", reason: "does not match the model, which has 98784247787 tensors"),
                    ".rce header: tensor_count = 25 does not match the model, which has 98784247787 tensors")
    }

    @Test func invalidSparseGroupField() {
        var file = valid
        // w1 has 2 groups per row; group 1 is bits 7...13, across the row's first two bytes.
        file.setGroupField("layers.0.w1.groups", row: 2, index: 1, to: 0x1E)  // pattern 6, codes 3 and 0
        file.reseal()
        expectError(file, .invalidSparseGroup(tensor: "layers.0.w1.groups", row: 2, group: 1, field: 0x1E),
                    ".rce tensor layers.0.w1.groups row 2 group 1: field 0x1e has pattern 6, not a valid 2:4 group (patterns 0...5)")
    }

    /// All 128 values of a real field: the 32 with pattern 6 or 7 are rejected, the 96
    /// others decode to the group they encode.
    @Test func everyFieldValueOfARealGroup() throws {
        var rejected = 0, decoded = 0
        for value in UInt8(0)..<128 {
            var file = valid
            file.setGroupField("layers.0.wq.groups", row: 5, index: 1, to: value)
            file.reseal()
            if let group = SparseGroup(field: value) {
                if try file.decode().layers[0][.q].groups[5 * 2 + 1] == group { decoded += 1 }
            } else if Self.error(file) == .invalidSparseGroup(tensor: "layers.0.wq.groups", row: 5, group: 1, field: value) {
                #expect(value & 7 >= 6)
                rejected += 1
            }
        }
        #expect(rejected == 32)
        #expect(decoded == 96)
    }

    static func error(_ file: RCEBytes) -> RCEFormatError? {
        do { _ = try file.decode(); return nil } catch { return error as? RCEFormatError }
    }

    @Test func paddingMustBeTheDefinedValue() {
        // wq has 2 groups per row: fields 2...63 are padding. A valid group is still wrong there.
        var file = valid
        file.setGroupField("layers.0.wq.groups", row: 0, index: 2, to: 0x00)
        file.reseal()
        expectError(file, .invalidGroupPadding(tensor: "layers.0.wq.groups", row: 0, field: 2, found: 0x00),
                    ".rce tensor layers.0.wq.groups row 0 field 2: padding field is 0x00, expected 0x50")
        file = valid
        file.setGroupField("layers.0.wq.groups", row: 7, index: 63, to: 0x51)  // the last field of the last row
        file.reseal()
        expectError(file, .invalidGroupPadding(tensor: "layers.0.wq.groups", row: 7, field: 63, found: 0x51),
                    ".rce tensor layers.0.wq.groups row 7 field 63: padding field is 0x51, expected 0x50")
        // wk's group array ends mid-beat (4 rows of 56 bytes): the rest of the beat is a 0x00 gap.
        file = valid
        let groupGap = file.dataOffset("layers.0.wk.groups") + 4 * 56
        file.bytes[groupGap] = 0x50
        file.reseal()
        expectError(file, .invalidPadding(offset: groupGap, found: 0x50, expected: 0x00), ".rce padding byte at offset \(groupGap) is 0x50, expected 0x00")
        file = valid
        let gap = file.dataOffset("final_norm") + 32  // final_norm's 32 bytes are followed by 0s to the beat
        file.bytes[gap] = 0x01
        file.reseal()
        expectError(file, .invalidPadding(offset: gap, found: 0x01, expected: 0x00), ".rce padding byte at offset \(gap) is 0x01, expected 0x00")
    }

    @Test func zeroMantissa() {
        var file = valid
        let offset = file.dataOffset("layers.0.w2.parameters") + 64 * 3 + 1
        file.bytes[offset] &= 0b1100_0000  // the zero point stays, the mantissa goes
        file.reseal()
        expectError(file, .mantissaOutOfRange(tensor: "layers.0.w2.parameters", row: 3, group: 1, mantissa: 0),
                    ".rce tensor layers.0.w2.parameters row 3 group 1: scale mantissa is 0 (must be 1...63)")
    }

    /// A group's zero point has two bits of its byte: any value is in range. What follows
    /// the row's parameter bytes must be zero.
    @Test func parameterRowPadding() {
        var file = valid
        let offset = file.dataOffset("layers.0.wo.parameters") + 64 * 5 + 1
        file.bytes[offset] = 4
        file.reseal()
        expectError(file, .invalidPadding(offset: offset, found: 4, expected: 0), ".rce padding byte at offset \(offset) is 0x04, expected 0x00")
    }

    @Test func nanScalesAndWeights() {
        var file = valid
        file.setU32(Float.nan.bitPattern, at: file.dataOffset("layers.0.wv.row_scales") + 4 * 2)
        file.reseal()
        do {
            _ = try file.decode()
            Issue.record("a NaN row scale was accepted")
        } catch let error as RCEFormatError {
            guard case .invalidRowScale("layers.0.wv.row_scales", 2, let value) = error, value.isNaN else {
                Issue.record("wrong error \(error)"); return
            }
            #expect(error.description == ".rce tensor layers.0.wv.row_scales row 2: row scale nan is not a positive finite number")
        } catch { Issue.record("unexpected error \(error)") }
        file = valid
        file.setU32((-Float.infinity).bitPattern, at: file.dataOffset("layers.0.ffn_norm") + 4 * 3)
        file.reseal()
        expectError(file, .nonFiniteValue(tensor: "layers.0.ffn_norm", index: 3, value: -.infinity), ".rce tensor layers.0.ffn_norm holds -inf at index 3")
    }

    @Test func invalidHeaderFields() {
        var file = valid
        file.bytes[80] = 8  // kv_bits
        file.reseal()
        expectError(file, .invalidHeader(field: "kv_bits", value: "8", reason: "must be 4 or 16"), ".rce header: kv_bits = 8 must be 4 or 16")
        file = valid
        file.bytes[70] = 1  // reserved
        file.reseal()
        expectError(file, .invalidHeader(field: "reserved (offset 69)", value: "1", reason: "must be 0"), ".rce header: reserved (offset 69) = 1 must be 0")
        file = valid
        file.bytes[96 + 4] = UInt8(ascii: "x")  // "obs\0x": text after the terminator
        file.reseal()
        expectError(file, .invalidHeader(field: "prune_method", value: "(malformed)", reason: "must be 1 to 15 printable ASCII characters, zero-padded"),
                    ".rce header: prune_method = (malformed) must be 1 to 15 printable ASCII characters, zero-padded")
        file = valid
        file.bytes[68] = 2
        file.reseal()
        expectError(file, .invalidHeader(field: "shared_classifier", value: "2", reason: "must be 0 or 1"), ".rce header: shared_classifier = 2 must be 0 or 1")
    }
}
