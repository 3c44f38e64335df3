/// Records which bits of each net the emitted text reads, so that a declaration whose
/// bits are not all read can carry Verilator's UNUSEDSIGNAL waiver with the reason.
struct BitUsage {
    private var ranges: [Int: [ClosedRange<Int>]] = [:]

    mutating func markAll(_ net: Int, width: Int) { mark(net, 0...(width - 1)) }

    mutating func mark(_ net: Int, _ bits: ClosedRange<Int>) { ranges[net, default: []].append(bits) }

    /// The unread bit ranges of a net, most significant first (empty when all are read).
    func unusedRanges(_ net: Int, width: Int) -> [ClosedRange<Int>] {
        var used = [Bool](repeating: false, count: width)
        for range in ranges[net] ?? [] {
            for bit in range where bit < width { used[bit] = true }
        }
        var result: [ClosedRange<Int>] = []
        var bit = width - 1
        while bit >= 0 {
            if used[bit] { bit -= 1; continue }
            let high = bit
            while bit >= 0 && !used[bit] { bit -= 1 }
            result.append((bit + 1)...high)
        }
        return result
    }
}
