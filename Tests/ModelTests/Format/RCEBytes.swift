import Model

/// A `.rce` file's bytes with the edits the corruption tests make: little-endian
/// stores, table lookups by name, and resealing the checksum so a defect reaches the
/// check behind it.
struct RCEBytes {
    var bytes: [UInt8]

    init(_ model: CompressedModel) { bytes = RCEWriter.encode(model) }

    func u32(at offset: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) } }
    func u64(at offset: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) } }

    mutating func setU32(_ value: UInt32, at offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    mutating func setU64(_ value: UInt64, at offset: Int) {
        for index in 0..<8 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    var tensorCount: Int { Int(u32(at: 24)) }

    /// Start of table entry `index`.
    func entry(_ index: Int) -> Int { 128 + 64 * index }

    func entryName(_ index: Int) -> String {
        String(decoding: bytes[entry(index)..<entry(index) + 32].prefix { $0 != 0 }, as: UTF8.self)
    }

    func entryIndex(_ name: String) -> Int { (0..<tensorCount).first { entryName($0) == name }! }

    /// Offset of the named tensor's data.
    func dataOffset(_ name: String) -> Int { Int(u64(at: entry(entryIndex(name)) + 48)) }

    func length(_ name: String) -> Int { Int(u64(at: entry(entryIndex(name)) + 56)) }

    func rowStride(_ name: String) -> Int { Int(u32(at: entry(entryIndex(name)) + 44)) }

    /// Overwrites field `index` of a group row bit by bit (7 bits, LSB first from bit
    /// 7·index of the row), independently of `SparseGroupStream`, so a test can store
    /// any 7-bit value, valid or not.
    mutating func setGroupField(_ name: String, row: Int, index: Int, to value: UInt8) {
        let start = dataOffset(name) + row * rowStride(name)
        for bit in 0..<7 {
            let position = 7 * index + bit, mask = UInt8(1) << (position % 8)
            if value >> bit & 1 == 1 { bytes[start + position / 8] |= mask } else { bytes[start + position / 8] &= ~mask }
        }
    }

    /// Recomputes the CRC-32C trailer over everything before it.
    mutating func reseal() {
        let end = bytes.count - 4
        setU32(CRC32C.checksum(bytes[0..<end]), at: end)
    }

    func decode() throws -> CompressedModel { try RCEReader.decode(bytes) }
}
