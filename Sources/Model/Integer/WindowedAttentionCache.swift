import Numerics

/// What a KV cache stores per position and KV head.
public enum KVStorage: Sendable, Equatable {
    /// KV4: `KVQuantizer` codes with an fp16 minimum and scale per token per KV head;
    /// attention reads the values the codes stand for.
    case fourBit
    /// Unquantized fp32, the reference's cache.
    case fp32
}

/// One layer's KV cache for the integer path: KV4 or fp32 storage, every position or a
/// Λ window (`AttentionWindow`: S sinks and a ring of W recent slots). Attention is the
/// fp32 `GroupedQueryAttention` over the kept positions in increasing position order, so
/// with no eviction it is exactly the full cache of the same storage.
public final class WindowedAttentionCache: AttentionCache {
    public let config: ModelConfig
    public let storage: KVStorage
    public let window: AttentionWindow?
    /// Slots of storage: S + W with a window (at most seqLen), seqLen without.
    public let slotCount: Int
    /// The values attention reads (dequantized for KV4): keys transposed, `kvDim` rows of
    /// `slotCount`; values one row of `kvDim` per slot.
    private let keys, values: UnsafeMutableBufferPointer<Float>
    /// The kept rows in attention order, gathered once the ring has wrapped.
    private let orderedKeys, orderedValues: UnsafeMutableBufferPointer<Float>
    private let scores: UnsafeMutableBufferPointer<Float>
    private let codes: UnsafeMutableBufferPointer<UInt8>
    private var count = 0

    public init(config: ModelConfig, storage: KVStorage, window: AttentionWindow?) {
        self.config = config
        self.storage = storage
        self.window = window
        slotCount = min(window?.capacity ?? config.seqLen, config.seqLen)
        func buffer(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
            buffer.initialize(repeating: 0)
            return buffer
        }
        keys = buffer(slotCount * config.kvDim)
        values = buffer(slotCount * config.kvDim)
        orderedKeys = buffer(slotCount * config.kvDim)
        orderedValues = buffer(slotCount * config.kvDim)
        scores = buffer(slotCount)
        codes = .allocate(capacity: config.headSize)
        codes.initialize(repeating: 0)
    }

    deinit {
        for buffer in [keys, values, orderedKeys, orderedValues, scores] { buffer.deallocate() }
        codes.deallocate()
    }

    public func reset() { count = 0 }

    public func store(position: Int, key: UnsafeBufferPointer<Float>, value: UnsafeBufferPointer<Float>) {
        precondition(position == count && position < config.seqLen, "positions are stored in order, below seqLen")
        let slot = window?.slot(of: position) ?? position
        let kvDim = config.kvDim
        let valueRow = values.baseAddress! + slot * kvDim
        // Keys are transposed (`GroupedQueryAttention`'s layout): element j of slot t at j · slotCount + t.
        write(key) { j, element in keys[j * slotCount + slot] = element }
        write(value) { j, element in valueRow[j] = element }
        count += 1
    }

    /// One position's keys or values, element by element as attention will read them:
    /// per KV head through KV4 (quantize, then the values the codes stand for) if asked.
    @inline(__always)
    private func write(_ vector: UnsafeBufferPointer<Float>, _ put: (Int, Float) -> Void) {
        switch storage {
        case .fp32:
            for j in 0..<config.kvDim { put(j, vector[j]) }
        case .fourBit:
            let headSize = config.headSize
            for head in 0..<config.kvHeads {
                let part = UnsafeBufferPointer(rebasing: vector[head * headSize..<(head + 1) * headSize])
                let (minimum, scale) = KVQuantizer.quantize(part, into: codes)
                for i in 0..<headSize { put(head * headSize + i, KVQuantizer.dequantize(code: codes[i], minimum: minimum, scale: scale)) }
            }
        }
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
