import Numerics

/// What a KV cache stores per position and KV head.
public enum KVStorage: Sendable, Equatable {
    /// KV4: `KVQuantizer` codes with an fp16 minimum and scale per token per KV head
    /// (Numerics' `KV4Slots`); attention reads the values the codes stand for.
    case fourBit
    /// Unquantized fp32, the reference's cache.
    case fp32
}

/// One layer's KV cache for the integer path: KV4 or fp32 storage, every position or a
/// Λ window (`AttentionWindow`: S sinks and a ring of W recent slots). Attention is
/// Numerics' `AttentionRule` over the kept positions in increasing position order
/// (evaluated by `GroupedQueryAttention`), so with no eviction it is exactly the full
/// cache of the same storage.
///
/// KV4: the codes and fp16 pairs live in a `KV4Slots`, as in the accelerator's cache
/// memory. The rule dequantizes an element where attention reads it; since that number
/// depends on the stored code and pair alone, this cache evaluates it once, when the slot
/// is written, into the fp32 layout `GroupedQueryAttention` reads: the same numbers,
/// without re-dequantizing every kept slot for every token.
public final class WindowedAttentionCache: AttentionCache {
    public let config: ModelConfig
    public let storage: KVStorage
    public let window: AttentionWindow?
    /// Slots of storage: S + W with a window (at most seqLen), seqLen without.
    public let slotCount: Int
    /// The KV4 cache memory (nil for fp32 storage).
    public let kv4: KV4Slots?
    /// The numbers attention reads: keys transposed, `kvDim` rows of `slotCount`; values
    /// one row of `kvDim` per slot.
    private let keys, values: UnsafeMutableBufferPointer<Float>
    /// The kept rows in attention order, gathered once the ring has wrapped.
    private let orderedKeys, orderedValues: UnsafeMutableBufferPointer<Float>
    private let scores: UnsafeMutableBufferPointer<Float>
    private var count = 0

    public init(config: ModelConfig, storage: KVStorage, window: AttentionWindow?) {
        self.config = config
        self.storage = storage
        self.window = window
        slotCount = min(window?.capacity ?? config.seqLen, config.seqLen)
        kv4 = storage == .fourBit ? KV4Slots(slots: slotCount, kvHeads: config.kvHeads, headSize: config.headSize) : nil
        func buffer(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
            buffer.initialize(repeating: 0)
            return buffer
        }
        keys = buffer(slotCount * config.kvDim)
        values = buffer(slotCount * config.kvDim)
        orderedKeys = buffer(slotCount * config.kvDim)
        orderedValues = buffer(slotCount * config.kvDim)
        scores = buffer(2 * slotCount)
    }

    deinit {
        for buffer in [keys, values, orderedKeys, orderedValues, scores] { buffer.deallocate() }
    }

    public func reset() { count = 0 }

    public func store(position: Int, key: UnsafeBufferPointer<Float>, value: UnsafeBufferPointer<Float>) {
        precondition(position == count && position < config.seqLen, "positions are stored in order, below seqLen")
        let slot = window?.slot(of: position) ?? position
        let kvDim = config.kvDim
        let valueRow = values.baseAddress! + slot * kvDim
        // Keys are transposed (`GroupedQueryAttention`'s layout): element j of slot t at j · slotCount + t.
        if let kv4 {
            kv4.store(slot: slot, key: key, value: value)
            kv4.read(slot: slot, key: keys.baseAddress! + slot, keyStride: slotCount, value: valueRow)
        } else {
            for j in 0..<kvDim {
                keys[j * slotCount + slot] = key[j]
                valueRow[j] = value[j]
            }
        }
        count += 1
    }

    public func attend(position: Int, query: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>) {
        var keyColumns = UnsafePointer(keys.baseAddress!), valueRows = UnsafePointer(values.baseAddress!)
        var kept = count
        if let window, count > slotCount {
            // The ring has wrapped: gather sinks, then recent positions oldest first.
            let (sinks, recent) = window.keptPositions(newest: count - 1)
            let kvDim = config.kvDim
            var destination = 0
            func gather(_ positions: Range<Int>) {
                for position in positions {
                    let source = window.slot(of: position)
                    for j in 0..<kvDim { orderedKeys[j * slotCount + destination] = keys[j * slotCount + source] }
                    (orderedValues.baseAddress! + destination * kvDim).update(from: values.baseAddress! + source * kvDim, count: kvDim)
                    destination += 1
                }
            }
            gather(sinks)
            gather(recent)
            keyColumns = UnsafePointer(orderedKeys.baseAddress!)
            valueRows = UnsafePointer(orderedValues.baseAddress!)
            kept = destination
        }
        GroupedQueryAttention.attend(query: query.baseAddress!, keys: keyColumns, keyStride: slotCount, values: valueRows, slots: kept,
                                     heads: config.heads, kvHeads: config.kvHeads, headSize: config.headSize,
                                     scores: scores.baseAddress!, output: output.baseAddress!)
    }
}
