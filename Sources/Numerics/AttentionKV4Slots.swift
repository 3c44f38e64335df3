/// One layer's KV4 cache memory as the accelerator holds it: per slot and KV head, the
/// `headSize` 4-bit codes of the key and of the value (one code per byte here; how codes
/// are packed into HBM beats is the memory layout's concern, not an arithmetic rule),
/// each vector with its fp16 minimum and scale from `KVQuantizer`.
///
/// `key(slot:element:)` and `value(slot:element:)` are the KV4 read rule of the attention
/// loop (`AttentionRule`): `KVQuantizer.dequantize(code, minimum, scale)`, an fp32 number
/// that depends on the stored code and fp16 pair only.
public final class KV4Slots {
    public let slots: Int
    public let kvHeads: Int
    public let headSize: Int
    /// `slots × kvDim` codes in 0...15.
    private let keyCodes, valueCodes: UnsafeMutableBufferPointer<UInt8>
    /// `slots × kvHeads` fp16 (minimum, scale) pairs.
    private let keyParameters, valueParameters: UnsafeMutableBufferPointer<(minimum: Float16, scale: Float16)>

    public var kvDim: Int { kvHeads * headSize }

    public init(slots: Int, kvHeads: Int, headSize: Int) {
        precondition(slots > 0 && kvHeads > 0 && headSize > 0, "KV4Slots needs positive dimensions")
        self.slots = slots
        self.kvHeads = kvHeads
        self.headSize = headSize
        func codes() -> UnsafeMutableBufferPointer<UInt8> {
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: slots * kvHeads * headSize)
            buffer.initialize(repeating: 0)
            return buffer
        }
        func parameters() -> UnsafeMutableBufferPointer<(minimum: Float16, scale: Float16)> {
            let buffer = UnsafeMutableBufferPointer<(minimum: Float16, scale: Float16)>.allocate(capacity: slots * kvHeads)
            buffer.initialize(repeating: (0, 0))
            return buffer
        }
        keyCodes = codes()
        valueCodes = codes()
        keyParameters = parameters()
        valueParameters = parameters()
    }

    deinit {
        keyCodes.deallocate()
        valueCodes.deallocate()
        keyParameters.deallocate()
        valueParameters.deallocate()
    }

    /// Quantizes one position's key and value (`kvDim` fp32 numbers each) into `slot`,
    /// each KV head on its own (`KVQuantizer`: per token, per KV head).
    public func store(slot: Int, key: UnsafeBufferPointer<Float>, value: UnsafeBufferPointer<Float>) {
        precondition(slot >= 0 && slot < slots && key.count == kvDim && value.count == kvDim, "slot or vector size out of range")
        func quantize(_ vector: UnsafeBufferPointer<Float>, _ codes: UnsafeMutableBufferPointer<UInt8>,
                      _ parameters: UnsafeMutableBufferPointer<(minimum: Float16, scale: Float16)>) {
            for head in 0..<kvHeads {
                let start = slot * kvDim + head * headSize
                let part = UnsafeBufferPointer(rebasing: vector[head * headSize..<(head + 1) * headSize])
                parameters[slot * kvHeads + head] = KVQuantizer.quantize(part, into: UnsafeMutableBufferPointer(rebasing: codes[start..<start + headSize]))
            }
        }
        quantize(key, keyCodes, keyParameters)
        quantize(value, valueCodes, valueParameters)
    }

    /// Element `element` (0..<kvDim) of the key in `slot`, as attention reads it.
    public func key(slot: Int, element: Int) -> Float { read(keyCodes, keyParameters, slot, element) }

    /// Element `element` (0..<kvDim) of the value in `slot`, as attention reads it.
    public func value(slot: Int, element: Int) -> Float { read(valueCodes, valueParameters, slot, element) }

    /// Every element of the key and the value in `slot`, exactly `key(slot:element:)` and
    /// `value(slot:element:)` of each: key element j to `key[j · keyStride]`, value element
    /// j to `value[j]` (one call per slot rather than per element).
    public func read(slot: Int, key: UnsafeMutablePointer<Float>, keyStride: Int, value: UnsafeMutablePointer<Float>) {
        precondition(slot >= 0 && slot < slots, "slot out of range")
        for head in 0..<kvHeads {
            let (keyMinimum, keyScale) = keyParameters[slot * kvHeads + head]
            let (valueMinimum, valueScale) = valueParameters[slot * kvHeads + head]
            for i in 0..<headSize {
                let j = head * headSize + i
                key[j * keyStride] = KVQuantizer.dequantize(code: keyCodes[slot * kvDim + j], minimum: keyMinimum, scale: keyScale)
                value[j] = KVQuantizer.dequantize(code: valueCodes[slot * kvDim + j], minimum: valueMinimum, scale: valueScale)
            }
        }
    }

    /// The stored code of a key or value element (what the cache memory holds).
    public func code(slot: Int, element: Int, ofKey: Bool) -> UInt8 {
        (ofKey ? keyCodes : valueCodes)[slot * kvDim + element]
    }

    private func read(_ codes: UnsafeMutableBufferPointer<UInt8>, _ parameters: UnsafeMutableBufferPointer<(minimum: Float16, scale: Float16)>,
                      _ slot: Int, _ element: Int) -> Float {
        precondition(slot >= 0 && slot < slots && element >= 0 && element < kvDim, "slot or element out of range")
        let (minimum, scale) = parameters[slot * kvHeads + element / headSize]
        return KVQuantizer.dequantize(code: codes[slot * kvDim + element], minimum: minimum, scale: scale)
    }
}
