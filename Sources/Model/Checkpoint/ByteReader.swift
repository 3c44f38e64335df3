import Foundation

/// Sequential little-endian reads over a file's bytes; running past the end throws
/// `CheckpointError.truncated` naming what was being read.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int, for what: String) throws -> Int {
        guard count >= 0, count <= remaining else {
            throw CheckpointError.truncated(what: what, offset: offset, needed: count, available: remaining)
        }
        defer { offset += count }
        return offset
    }

    mutating func uint32(_ what: String) throws -> UInt32 {
        let start = try take(4, for: what)
        return UInt32(bytes[start]) | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2]) << 16 | UInt32(bytes[start + 3]) << 24
    }

    mutating func int32(_ what: String) throws -> Int32 { Int32(bitPattern: try uint32(what)) }

    mutating func uint8(_ what: String) throws -> UInt8 { bytes[try take(1, for: what)] }

    mutating func skip(_ count: Int, _ what: String) throws { _ = try take(count, for: what) }

    mutating func raw(_ count: Int, _ what: String) throws -> ArraySlice<UInt8> {
        let start = try take(count, for: what)
        return bytes[start..<start + count]
    }

    /// `count` little-endian fp32 values.
    mutating func floats(_ count: Int, _ what: String) throws -> [Float] {
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: 4)
        guard !overflow else { throw CheckpointError.truncated(what: what, offset: offset, needed: Int.max, available: remaining) }
        let start = try take(byteCount, for: what)
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                for index in 0..<count {
                    let bits = raw.loadUnaligned(fromByteOffset: start + 4 * index, as: UInt32.self)
                    buffer[index] = Float(bitPattern: UInt32(littleEndian: bits))
                }
            }
            initialized = count
        }
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file"
            throw CheckpointError.unreadable(path: path, reason: reason)
        }
        return [UInt8](data)
    }
}
