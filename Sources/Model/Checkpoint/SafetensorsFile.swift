import Foundation

/// One `.safetensors` file: u64 little-endian header length N, N bytes of JSON
/// `{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}`, then
/// the data; offsets count from the end of the header. Tensors are decoded to fp32 on
/// request (F32, F16, BF16).
struct SafetensorsFile {
    struct Entry {
        let dtype: String
        let shape: [Int]
        let begin: Int
        let end: Int
    }

    /// The JSON header: every key but `__metadata__` is a tensor.
    private struct Header: Decodable {
        struct RawEntry: Decodable {
            let dtype: String
            let shape: [Int]
            let data_offsets: [Int]
        }
        var entries: [String: RawEntry] = [:]

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: DynamicKey.self)
            for key in container.allKeys where key.stringValue != "__metadata__" {
                entries[key.stringValue] = try container.decode(RawEntry.self, forKey: key)
            }
        }
    }

    let name: String
    private let data: Data
    private let dataStart: Int
    let entries: [String: Entry]

    init(path: String) throws {
        name = (path as NSString).lastPathComponent
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
            throw CheckpointError.unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file")
        }
        self.data = data
        guard data.count >= 8 else { throw CheckpointError.malformedSafetensors(file: name, reason: "shorter than its 8-byte header length") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw CheckpointError.malformedSafetensors(file: name, reason: "header length \(headerLength) exceeds the file (\(data.count) bytes)")
        }
        dataStart = 8 + Int(headerLength)
        let header = try decodeJSON(Header.self, from: data.subdata(in: 8..<dataStart), file: name)
        let dataLength = data.count - dataStart
        for (tensor, entry) in header.entries {
            guard entry.data_offsets.count == 2, entry.shape.allSatisfy({ $0 >= 0 }), entry.data_offsets[0] >= 0,
                  entry.data_offsets[0] <= entry.data_offsets[1], entry.data_offsets[1] <= dataLength else {
                throw CheckpointError.malformedSafetensors(file: name, reason: "tensor \(tensor) has shape \(entry.shape), offsets \(entry.data_offsets) outside the \(dataLength) data bytes")
            }
        }
        entries = header.entries.mapValues { Entry(dtype: $0.dtype, shape: $0.shape, begin: $0.data_offsets[0], end: $0.data_offsets[1]) }
    }

    /// The tensor's values in fp32, checked against `shape`.
    func floats(_ tensor: String, shape expected: [Int]) throws -> [Float] {
        guard let entry = entries[tensor] else { throw CheckpointError.missingTensor(name: tensor, file: name) }
        guard entry.shape == expected else { throw CheckpointError.tensorShape(name: tensor, expected: expected, found: entry.shape) }
        let count = expected.reduce(1, *)
        let width: Int
        switch entry.dtype {
        case "F32": width = 4
        case "F16", "BF16": width = 2
        default: throw CheckpointError.unsupportedDType(name: tensor, dtype: entry.dtype)
        }
        guard entry.end - entry.begin == count * width else {
            throw CheckpointError.malformedSafetensors(file: name, reason: "tensor \(tensor) has \(entry.end - entry.begin) bytes for \(count) \(entry.dtype) values")
        }
        let start = dataStart + entry.begin
        return data.withUnsafeBytes { raw in
            [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                switch entry.dtype {
                case "F32":
                    for i in 0..<count {
                        buffer[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)))
                    }
                case "F16":
                    for i in 0..<count {
                        buffer[i] = Float(Float16(bitPattern: UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: start + 2 * i, as: UInt16.self))))
                    }
                default:  // BF16: the upper half of an fp32
                    for i in 0..<count {
                        buffer[i] = Float(bitPattern: UInt32(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: start + 2 * i, as: UInt16.self))) << 16)
                    }
                }
                initialized = count
            }
        }
    }
}
