import Foundation
import Numerics

/// Decodes a `.rce` file (docs/format.md), checking everything the format promises;
/// every defect is one `RCEFormatError`, never a trap.
public enum RCEReader {
    public static func load(path: String) throws -> CompressedModel {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file"
            throw RCEFormatError.unreadable(path: path, reason: reason)
        }
        return try decode([UInt8](data))
    }

    /// Checks in this order: size of the fixed header, magic, version, declared file
    /// size, checksum, header fields, tensor table, then each tensor's contents.
    public static func decode(_ bytes: [UInt8]) throws -> CompressedModel {
        typealias F = RCELayout.Field
        guard bytes.count >= RCELayout.fixedHeaderBytes else {
            throw RCEFormatError.truncated(actualBytes: bytes.count, neededBytes: RCELayout.fixedHeaderBytes)
        }
        let magic = Array(bytes[0..<RCELayout.magic.count])
        guard magic == RCELayout.magic else { throw RCEFormatError.badMagic(found: magic) }
        let version = bytes.loadLittleEndian(UInt32.self, at: F.version)
        guard version == RCELayout.version else { throw RCEFormatError.unsupportedVersion(version) }
        let declared = bytes.loadLittleEndian(UInt64.self, at: F.fileBytes)
        guard declared >= UInt64(RCELayout.fixedHeaderBytes + RCELayout.checksumBytes) else {
            throw RCEFormatError.invalidHeader(field: "file_bytes", value: "\(declared)", reason: "is smaller than the header and checksum")
        }
        guard declared <= UInt64(bytes.count) else { throw RCEFormatError.truncated(actualBytes: bytes.count, neededBytes: clampedInt(declared)) }
        guard declared == UInt64(bytes.count) else { throw RCEFormatError.trailingBytes(actualBytes: bytes.count, declaredBytes: Int(declared)) }
        let payloadEnd = bytes.count - RCELayout.checksumBytes
        let stored = bytes.loadLittleEndian(UInt32.self, at: payloadEnd)
        let computed = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<payloadEnd])) }
        guard stored == computed else { throw RCEFormatError.checksumMismatch(stored: stored, computed: computed) }

        let (config, settings) = try readHeader(bytes)
        // Count first, list later: a corrupt layer count must not size an allocation before
        // the table it implies has been found to fit in the file.
        let expectedCount = RCELayout.tensorCount(config: config)
        let count = bytes.loadLittleEndian(UInt32.self, at: F.tensorCount)
        guard Int(count) == expectedCount else {
            throw RCEFormatError.invalidHeader(field: "tensor_count", value: "\(count)", reason: "does not match the model, which has \(expectedCount) tensors")
        }
        let headerBytes = RCELayout.headerBytes(tensorCount: expectedCount)
        let storedHeaderBytes = bytes.loadLittleEndian(UInt32.self, at: F.headerBytes)
        guard Int(storedHeaderBytes) == headerBytes else {
            throw RCEFormatError.invalidHeader(field: "header_bytes", value: "\(storedHeaderBytes)", reason: "must be \(headerBytes) (128 + 64 per tensor)")
        }
        guard payloadEnd % RCELayout.alignment == 0, headerBytes <= payloadEnd else {
            throw RCEFormatError.invalidHeader(field: "file_bytes", value: "\(declared)", reason: "must be the header, whole 64-byte beats of payload, and 4 checksum bytes")
        }
        let specs = try RCELayout.tensors(config: config, settings: settings)
        let offsets = try readTable(bytes, specs: specs, headerBytes: headerBytes, payloadEnd: payloadEnd)
        try checkGaps(bytes, specs: specs, offsets: offsets, headerBytes: headerBytes, payloadEnd: payloadEnd)
        return try readTensors(bytes, specs: specs, offsets: offsets, config: config, settings: settings)
    }

    private static func clampedInt(_ value: UInt64) -> Int { value > UInt64(Int.max) ? Int.max : Int(value) }

    private static func readHeader(_ bytes: [UInt8]) throws -> (ModelConfig, CompressionSettings) {
        typealias F = RCELayout.Field
        for (field, range) in [("reserved (offset 28)", F.reserved0..<F.reserved0 + 4), ("reserved (offset 69)", F.reserved1..<F.reserved1 + 3),
                               ("reserved (offset 81)", F.reserved2..<F.reserved2 + 3), ("reserved (offset 92)", F.reserved3..<F.reserved3 + 4)] {
            if let index = range.first(where: { bytes[$0] != 0 }) {
                throw RCEFormatError.invalidHeader(field: field, value: "\(bytes[index])", reason: "must be 0")
            }
        }
        func u32(_ offset: Int) -> Int { Int(bytes.loadLittleEndian(UInt32.self, at: offset)) }
        let shared = bytes[F.sharedClassifier]
        guard shared <= 1 else { throw RCEFormatError.invalidHeader(field: "shared_classifier", value: "\(shared)", reason: "must be 0 or 1") }
        let config: ModelConfig
        do {
            config = try ModelConfig(dim: u32(F.dim), hiddenDim: u32(F.hiddenDim), layers: u32(F.layers), heads: u32(F.heads),
                                     kvHeads: u32(F.kvHeads), vocab: u32(F.vocab), seqLen: u32(F.seqLen),
                                     normEps: bytes.loadFloat(at: F.normEps), ropeTheta: bytes.loadFloat(at: F.ropeTheta),
                                     sharedClassifier: shared == 1)
        } catch let error as CheckpointError {
            if case .invalidHeader(let field, let value, let reason) = error {
                throw RCEFormatError.invalidHeader(field: field, value: value, reason: reason)
            }
            throw RCEFormatError.invalidHeader(field: "model dimensions", value: "", reason: error.description)
        }
        let settings = try CompressionSettings(groupSize: u32(F.groupSize), pruneMethod: try methodName(bytes, at: F.pruneMethod, field: "prune_method"),
                                               quantizer: try methodName(bytes, at: F.quantizer, field: "quantizer"),
                                               sharedMaskRows: u32(F.sharedMaskRows), kvBits: Int(bytes[F.kvBits]),
                                               sinks: u32(F.sinks), window: u32(F.window))
        return (config, settings)
    }

    /// A zero-padded ASCII field: the text up to the first zero, only zeros after it.
    private static func asciiField(_ bytes: [UInt8], at offset: Int, length: Int) -> String? {
        let field = bytes[offset..<offset + length]
        let end = field.firstIndex(of: 0) ?? field.endIndex
        guard end > field.startIndex, end < field.endIndex, field[end...].allSatisfy({ $0 == 0 }),
              field[..<end].allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        return String(decoding: field[..<end], as: UTF8.self)
    }

    private static func methodName(_ bytes: [UInt8], at offset: Int, field: String) throws -> String {
        guard let name = asciiField(bytes, at: offset, length: RCELayout.methodNameBytes) else {
            throw RCEFormatError.invalidHeader(field: field, value: "(malformed)", reason: "must be 1 to 15 printable ASCII characters, zero-padded")
        }
        return name
    }

    /// Checks every entry against the layout and returns the tensors' offsets.
    private static func readTable(_ bytes: [UInt8], specs: [RCETensorSpec], headerBytes: Int, payloadEnd: Int) throws -> [Int] {
        typealias E = RCELayout.EntryField
        var offsets = [Int]()
        for (index, spec) in specs.enumerated() {
            let entry = RCELayout.fixedHeaderBytes + index * RCELayout.tableEntryBytes
            guard let name = asciiField(bytes, at: entry + E.name, length: RCELayout.nameBytes) else {
                throw RCEFormatError.invalidTensorName(index: index)
            }
            guard name == spec.name else { throw RCEFormatError.unexpectedTensor(index: index, found: name, expected: spec.name) }
            let kind = bytes.loadLittleEndian(UInt32.self, at: entry + E.kind)
            guard kind == spec.kind.rawValue else { throw RCEFormatError.tensorKind(name: name, found: kind, expected: spec.kind.rawValue) }
            let rows = Int(bytes.loadLittleEndian(UInt32.self, at: entry + E.rows))
            let columns = Int(bytes.loadLittleEndian(UInt32.self, at: entry + E.columns))
            guard rows == spec.rows, columns == spec.columns else {
                throw RCEFormatError.tensorShape(name: name, found: [rows, columns], expected: [spec.rows, spec.columns])
            }
            let stride = UInt64(bytes.loadLittleEndian(UInt32.self, at: entry + E.rowStride))
            guard stride == UInt64(spec.rowStride) else {
                throw RCEFormatError.tensorLayout(name: name, field: "row stride", found: stride, expected: UInt64(spec.rowStride))
            }
            let length = bytes.loadLittleEndian(UInt64.self, at: entry + E.length)
            guard length == UInt64(spec.length) else {
                throw RCEFormatError.tensorLayout(name: name, field: "length", found: length, expected: UInt64(spec.length))
            }
            let offset = bytes.loadLittleEndian(UInt64.self, at: entry + E.offset)
            guard offset % UInt64(RCELayout.alignment) == 0 else { throw RCEFormatError.misaligned(name: name, offset: offset) }
            guard offset >= UInt64(headerBytes), offset <= UInt64(payloadEnd), length <= UInt64(payloadEnd) - offset else {
                throw RCEFormatError.outOfRange(name: name, offset: offset, length: length, payloadStart: headerBytes, payloadEnd: payloadEnd)
            }
            offsets.append(Int(offset))
        }
        let order = specs.indices.sorted { offsets[$0] < offsets[$1] }
        for (earlier, later) in zip(order, order.dropFirst()) where offsets[earlier] + specs[earlier].length > offsets[later] {
            throw RCEFormatError.overlapping(name: specs[later].name, other: specs[earlier].name)
        }
        return offsets
    }

    /// Payload bytes outside every tensor must be zero, so a file has one encoding.
    private static func checkGaps(_ bytes: [UInt8], specs: [RCETensorSpec], offsets: [Int], headerBytes: Int, payloadEnd: Int) throws {
        var position = headerBytes
        for index in specs.indices.sorted(by: { offsets[$0] < offsets[$1] }) {
            try expectPadding(bytes, position..<offsets[index], RCELayout.zeroByte)
            position = offsets[index] + specs[index].length
        }
        try expectPadding(bytes, position..<payloadEnd, RCELayout.zeroByte)
    }

    private static func expectPadding(_ bytes: [UInt8], _ range: Range<Int>, _ expected: UInt8) throws {
        if let offset = range.first(where: { bytes[$0] != expected }) {
            throw RCEFormatError.invalidPadding(offset: offset, found: bytes[offset], expected: expected)
        }
    }

    private static func readTensors(_ bytes: [UInt8], specs: [RCETensorSpec], offsets: [Int],
                                    config: ModelConfig, settings: CompressionSettings) throws -> CompressedModel {
        var embedding = [Float](), finalNorm = [Float](), classifier: [Float]? = nil
        var attentionNorms = [[Float]](repeating: [], count: config.layers)
        var ffnNorms = [[Float]](repeating: [], count: config.layers)
        var groups = [[LinearSite: [SparseGroup]]](repeating: [:], count: config.layers)
        var parameters = [[LinearSite: [WeightGroupParameters]]](repeating: [:], count: config.layers)
        var rowScales = [[LinearSite: [Float]]](repeating: [:], count: config.layers)
        for (spec, offset) in zip(specs, offsets) {
            switch spec.role {
            case .embedding: embedding = floats(bytes, spec, offset)
            case .finalNorm: finalNorm = floats(bytes, spec, offset)
            case .classifier: classifier = floats(bytes, spec, offset)
            case .attentionNorm(let layer): attentionNorms[layer] = floats(bytes, spec, offset)
            case .ffnNorm(let layer): ffnNorms[layer] = floats(bytes, spec, offset)
            case .groups(let layer, let site): groups[layer][site] = try sparseGroups(bytes, spec, offset)
            case .parameters(let layer, let site): parameters[layer][site] = try groupParameters(bytes, spec, offset, groupSize: settings.groupSize)
            case .rowScales(let layer, let site): rowScales[layer][site] = floats(bytes, spec, offset)
            }
        }
        let layers = (0..<config.layers).map { layer in
            let matrices = Dictionary(uniqueKeysWithValues: LinearSite.allCases.map { site in
                let shape = site.shape(in: config)
                return (site, SparseQuantizedMatrix(rows: shape.rows, columns: shape.columns, groupSize: settings.groupSize,
                                                    groups: groups[layer][site]!, parameters: parameters[layer][site]!,
                                                    rowScales: rowScales[layer][site]!))
            })
            return CompressedLayer(attentionNorm: attentionNorms[layer], ffnNorm: ffnNorms[layer], matrices: matrices)
        }
        // The constructor checks finiteness, mantissas, zero points and row scales.
        return try CompressedModel(config: config, settings: settings, embedding: embedding, layers: layers,
                                   finalNorm: finalNorm, classifier: classifier)
    }

    private static func floats(_ bytes: [UInt8], _ spec: RCETensorSpec, _ offset: Int) -> [Float] {
        let count = spec.length / 4
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count { buffer[index] = bytes.loadFloat(at: offset + 4 * index) }
            initialized = count
        }
    }

    /// The table check put every row inside the payload, so no field read leaves the file.
    private static func sparseGroups(_ bytes: [UInt8], _ spec: RCETensorSpec, _ offset: Int) throws -> [SparseGroup] {
        let perRow = (spec.columns + SparseGroup.denseWidth - 1) / SparseGroup.denseWidth
        let fieldsPerRow = SparseGroupStream.fields(columns: spec.columns)
        var groups = [SparseGroup]()
        groups.reserveCapacity(spec.rows * perRow)
        for row in 0..<spec.rows {
            let start = offset + row * spec.rowStride
            for index in 0..<perRow {
                let field = SparseGroupStream.field(bytes, rowStart: start, index: index)
                guard let group = SparseGroup(field: field) else {
                    throw RCEFormatError.invalidSparseGroup(tensor: spec.name, row: row, group: index, field: field)
                }
                groups.append(group)
            }
            for index in perRow..<fieldsPerRow {
                let field = SparseGroupStream.field(bytes, rowStart: start, index: index)
                guard field == SparseGroup.padding.field else {
                    throw RCEFormatError.invalidGroupPadding(tensor: spec.name, row: row, field: index, found: field)
                }
            }
        }
        return groups
    }

    private static func groupParameters(_ bytes: [UInt8], _ spec: RCETensorSpec, _ offset: Int, groupSize: Int) throws -> [WeightGroupParameters] {
        let perRow = (spec.columns + groupSize - 1) / groupSize
        var parameters = [WeightGroupParameters]()
        parameters.reserveCapacity(spec.rows * perRow)
        for row in 0..<spec.rows {
            let start = offset + row * spec.rowStride
            for g in 0..<perRow {
                // Mantissa 0 is caught with the other range checks (`CompressedModel.checkContents`).
                parameters.append(WeightGroupParameters(byte: bytes[start + g]))
            }
            try expectPadding(bytes, start + perRow..<start + spec.rowStride, RCELayout.zeroByte)
        }
        return parameters
    }
}
