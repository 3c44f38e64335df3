// Values that cross a port: arbitrary-width integers, since ports may be hundreds of bits.

/// An integer of any size in two's complement, used for port stimulus and results.
/// Words are little-endian 64-bit limbs; the value is sign-extended beyond the last limb.
public struct PortValue: Sendable, Hashable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// Two's-complement limbs, least significant first, kept in the shortest form.
    public private(set) var words: [UInt64]

    public init(_ value: Int) {
        words = [UInt64(bitPattern: Int64(value))]
    }

    public init(_ value: Int64) {
        words = [UInt64(bitPattern: value)]
    }

    public init(integerLiteral value: Int) {
        self.init(value)
    }

    /// A non-negative value from an unsigned 64-bit integer.
    public init(unsigned value: UInt64) {
        words = [value, 0]
        normalize()
    }

    /// A value from two's-complement limbs, least significant first.
    public init(twosComplement limbs: [UInt64]) {
        words = limbs.isEmpty ? [0] : limbs
        normalize()
    }

    /// Interprets the low `width` bits of `limbs` as a port's bit pattern: sign-extended
    /// from bit `width - 1` when `signed`, zero-extended otherwise.
    public init(bits limbs: [UInt64], width: Int, signed: Bool) {
        let count = max(1, (width + 63) / 64)
        var result = [UInt64](repeating: 0, count: count + 1)
        for index in 0 ..< count where index < limbs.count { result[index] = limbs[index] }
        let topBits = width - 64 * (count - 1)
        if width > 0, topBits < 64 {
            let mask = (UInt64(1) << UInt64(topBits)) - 1
            result[count - 1] &= mask
            if signed, (result[count - 1] >> UInt64(topBits - 1)) & 1 == 1 {
                result[count - 1] |= ~mask
                result[count] = ~0
            }
        } else if width > 0, signed, result[count - 1] >> 63 == 1 {
            result[count] = ~0
        }
        if width == 0 { result = [0] }
        words = result
        normalize()
    }

    /// Builds a non-negative value from little-endian 32-bit words.
    public init(words32: [UInt32], width: Int, signed: Bool) {
        var limbs = [UInt64](repeating: 0, count: (words32.count + 1) / 2)
        for (index, word) in words32.enumerated() {
            limbs[index / 2] |= UInt64(word) << UInt64(32 * (index % 2))
        }
        self.init(bits: limbs, width: width, signed: signed)
    }

    public var isNegative: Bool { words[words.count - 1] >> 63 == 1 }

    /// Bit `index` of the infinite two's-complement expansion.
    public func bit(_ index: Int) -> Bool {
        let limb = index / 64
        if limb >= words.count { return isNegative }
        return (words[limb] >> UInt64(index % 64)) & 1 == 1
    }

    /// Whether the value is representable by a port of this width and signedness.
    public func fits(width: Int, signed: Bool) -> Bool {
        guard width > 0 else { return self == 0 }
        let highest = 64 * words.count
        if signed {
            let sign = bit(width - 1)
            for index in width ..< max(width, highest) + 1 where bit(index) != sign { return false }
            return true
        }
        if isNegative { return false }
        for index in width ..< max(width, highest) + 1 where bit(index) { return false }
        return true
    }

    /// The low `width` bits as little-endian 32-bit words (ceil(width / 32) of them).
    public func bitPattern32(width: Int) -> [UInt32] {
        let count = max(1, (width + 31) / 32)
        var result = [UInt32](repeating: 0, count: count)
        for index in 0 ..< count {
            let limb = index / 2 < words.count ? words[index / 2] : (isNegative ? ~0 : 0)
            result[index] = UInt32(truncatingIfNeeded: limb >> UInt64(32 * (index % 2)))
        }
        let topBits = width - 32 * (count - 1)
        if width > 0, topBits < 32 { result[count - 1] &= (UInt32(1) << UInt32(topBits)) - 1 }
        if width == 0 { result[0] = 0 }
        return result
    }

    /// The value as Int64 when it fits.
    public var int64Value: Int64? {
        words.count == 1 ? Int64(bitPattern: words[0]) : nil
    }

    /// Signed decimal text.
    public var decimalString: String {
        var magnitude = isNegative ? negatedWords(words) : words
        if magnitude.allSatisfy({ $0 == 0 }) { return "0" }
        // Repeated division by 10^18 turns limbs into decimal chunks.
        let chunkDivisor: UInt64 = 1_000_000_000_000_000_000
        var chunks: [UInt64] = []
        while magnitude.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for index in stride(from: magnitude.count - 1, through: 0, by: -1) {
                let (quotient, rest) = chunkDivisor.dividingFullWidth((high: remainder, low: magnitude[index]))
                magnitude[index] = quotient
                remainder = rest
            }
            chunks.append(remainder)
        }
        var text = String(chunks[chunks.count - 1])
        for chunk in chunks.dropLast().reversed() {
            let digits = String(chunk)
            text += String(repeating: "0", count: 18 - digits.count) + digits
        }
        return isNegative ? "-" + text : text
    }

    /// The low `width` bits in hex, `0x` prefixed, padded to the port's digit count.
    public func hexString(width: Int) -> String {
        let words32 = bitPattern32(width: width)
        var text = ""
        for word in words32.reversed() {
            let digits = String(word, radix: 16)
            text += String(repeating: "0", count: 8 - digits.count) + digits
        }
        let digitCount = max(1, (width + 3) / 4)
        return "0x" + String(text.suffix(digitCount))
    }

    public var description: String { decimalString }

    private mutating func normalize() {
        while words.count > 1 {
            let top = words[words.count - 1]
            let belowSign = words[words.count - 2] >> 63
            if (top == 0 && belowSign == 0) || (top == ~0 && belowSign == 1) {
                words.removeLast()
            } else {
                break
            }
        }
    }

    /// Magnitude of a negative value: invert and add one, one limb wider (the inverted
    /// sign extension is zero).
    private func negatedWords(_ limbs: [UInt64]) -> [UInt64] {
        var result = limbs.map { ~$0 }
        result.append(0)
        var carry: UInt64 = 1
        for index in result.indices {
            let (sum, overflow) = result[index].addingReportingOverflow(carry)
            result[index] = sum
            carry = overflow ? 1 : 0
        }
        return result
    }
}
