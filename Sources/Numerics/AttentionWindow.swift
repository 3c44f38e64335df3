/// Λ-shaped attention (AccLLM, StreamingLLM): a layer's KV cache keeps the first
/// `sinks` positions and the `recent` most recent ones; every position in between is
/// evicted for good. After position `p` is stored, the kept positions are
/// `0 ..< min(S, p + 1)` and `max(S, p + 1 − W) ... p`, at most S + W, and attention
/// runs over them in increasing position order. Positions keep their true index (keys
/// are rotated with it before they are stored); only the storage slot wraps.
///
/// Slots (the cache memory the hardware addresses): position p < S lives in slot p,
/// position p ≥ S in slot `S + (p − S) mod W`, so the newest position overwrites the
/// oldest recent one and the sinks are never touched.
public struct AttentionWindow: Sendable, Hashable {
    public let sinks: Int
    public let recent: Int

    /// nil unless `sinks ≥ 0` and `recent ≥ 1` (the newest position is always attended).
    public init?(sinks: Int, recent: Int) {
        guard sinks >= 0, recent >= 1 else { return nil }
        self.sinks = sinks
        self.recent = recent
    }

    /// Slots a layer needs: S + W.
    public var capacity: Int { sinks + recent }

    @inlinable
    public func slot(of position: Int) -> Int {
        position < sinks ? position : sinks + (position - sinks) % recent
    }

    /// The kept positions once `newest` is stored, as the two ascending ranges in
    /// attention order (the second is empty or starts at or after the end of the first).
    @inlinable
    public func keptPositions(newest: Int) -> (sinks: Range<Int>, recent: Range<Int>) {
        let count = newest + 1
        let sinkEnd = Swift.min(sinks, count)
        return (0..<sinkEnd, Swift.max(sinkEnd, count - recent)..<count)
    }

    /// Whether `position` is still kept once `newest` is stored.
    @inlinable
    public func keeps(_ position: Int, newest: Int) -> Bool {
        let kept = keptPositions(newest: newest)
        return kept.sinks.contains(position) || kept.recent.contains(position)
    }
}
