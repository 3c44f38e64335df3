/// The bits of a constant, least significant word first, already truncated to `width`.
struct BitPattern: Hashable, Sendable {
    let width: Int
    let words: [UInt64]

    /// The two's complement pattern of `value` in `width` bits (sign-extended when wider
    /// than an `Int`).
    init(_ value: Int, width: Int) {
        let wordCount = (width + 63) / 64
        let fill: UInt64 = value < 0 ? ~0 : 0
        var words = [UInt64](repeating: fill, count: wordCount)
        words[0] = UInt64(bitPattern: Int64(value))
        self.init(width: width, words: words)
    }

    init(width: Int, words: [UInt64]) {
        var masked = words
        let spare = masked.count * 64 - width
        if spare > 0, let last = masked.indices.last {
            masked[last] &= ~UInt64(0) >> UInt64(spare)
        }
        self.width = width
        self.words = masked
    }

    static func zeros(width: Int) -> BitPattern {
        BitPattern(width: width, words: [UInt64](repeating: 0, count: (width + 63) / 64))
    }

    func bit(_ index: Int) -> Bool { (words[index / 64] >> UInt64(index % 64)) & 1 == 1 }

    /// Bits `low ..< low + count` as a new pattern.
    func slice(low: Int, count: Int) -> BitPattern {
        var result = [UInt64](repeating: 0, count: (count + 63) / 64)
        for index in 0..<count where bit(low + index) {
            result[index / 64] |= 1 << UInt64(index % 64)
        }
        return BitPattern(width: count, words: result)
    }

    var isZero: Bool { words.allSatisfy { $0 == 0 } }

    /// The value read as unsigned, when it fits in 63 bits.
    var smallUnsignedValue: Int? {
        guard words.dropFirst().allSatisfy({ $0 == 0 }), words[0] < (1 << 63) else { return nil }
        return Int(words[0])
    }

    /// Lower-case hexadecimal digits of the whole pattern, most significant first.
    var hexDigits: String {
        let digitCount = (width + 3) / 4
        var digits = ""
        for digit in stride(from: digitCount - 1, through: 0, by: -1) {
            var nibble = 0
            for bitIndex in 0..<4 {
                let index = digit * 4 + bitIndex
                if index < width, bit(index) { nibble |= 1 << bitIndex }
            }
            digits.append(String(nibble, radix: 16))
        }
        return digits
    }
}
