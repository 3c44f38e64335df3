/// Little-endian stores and loads at byte offsets the caller has already bounds-checked
/// (the reader validates every range before it reads, so these never see a bad offset).
extension Array where Element == UInt8 {
    mutating func storeLittleEndian<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        var value = value.littleEndian
        Swift.withUnsafeBytes(of: &value) { raw in
            for (index, byte) in raw.enumerated() { self[offset + index] = byte }
        }
    }

    mutating func storeFloat(_ value: Float, at offset: Int) { storeLittleEndian(value.bitPattern, at: offset) }

    func loadLittleEndian<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        var value = T.zero
        for index in (0..<MemoryLayout<T>.size).reversed() { value = value << 8 | T(self[offset + index]) }
        return value
    }

    func loadFloat(at offset: Int) -> Float { Float(bitPattern: loadLittleEndian(UInt32.self, at: offset)) }
}
