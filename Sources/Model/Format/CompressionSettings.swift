/// How a model was compressed and how it is meant to run, as the `.rce` header records
/// it. Method names are free text (the compressor's own names, e.g. "obs", "gptq") so the
/// format does not depend on the compressor; the numbers are checked here.
public struct CompressionSettings: Sendable, Equatable {
    /// Dense input columns per quantization group; a positive multiple of 4.
    public let groupSize: Int
    /// How weights were pruned, e.g. "obs", "magnitude", "none".
    public let pruneMethod: String
    /// How kept weights were quantized, e.g. "gptq", "rtn".
    public let quantizer: String
    /// Consecutive output rows that share one 2:4 mask (1: every row its own).
    public let sharedMaskRows: Int
    /// KV cache bits by default: 4 (KV4) or 16 (unquantized).
    public let kvBits: Int
    /// Default Λ-attention sink tokens S.
    public let sinks: Int
    /// Default Λ-attention window W of recent tokens; 0 keeps every position.
    public let window: Int

    /// The longest method name the header holds (16 bytes, zero-padded).
    public static let maxMethodNameBytes = 15
    public static let supportedKVBits = [4, 16]

    /// Throws `RCEFormatError.invalidHeader` naming the first impossible setting.
    public init(groupSize: Int, pruneMethod: String, quantizer: String, sharedMaskRows: Int = 1,
                kvBits: Int = 4, sinks: Int = 4, window: Int = 0) throws {
        func reject(_ field: String, _ value: Any, _ reason: String) -> RCEFormatError {
            .invalidHeader(field: field, value: "\(value)", reason: reason)
        }
        guard groupSize > 0, groupSize % 4 == 0, groupSize <= Int(UInt32.max) else {
            throw reject("group_size", groupSize, "must be a positive multiple of 4")
        }
        for (field, name) in [("prune_method", pruneMethod), ("quantizer", quantizer)] {
            let bytes = Array(name.utf8)
            guard !bytes.isEmpty, bytes.count <= Self.maxMethodNameBytes, bytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw reject(field, "\"\(name)\"", "must be 1 to \(Self.maxMethodNameBytes) printable ASCII characters")
            }
        }
        guard sharedMaskRows >= 1, sharedMaskRows <= Int(UInt32.max) else { throw reject("shared_mask_rows", sharedMaskRows, "must be at least 1") }
        guard Self.supportedKVBits.contains(kvBits) else { throw reject("kv_bits", kvBits, "must be 4 or 16") }
        guard sinks >= 0, sinks <= Int(UInt32.max) else { throw reject("sinks", sinks, "must be non-negative") }
        guard window >= 0, window <= Int(UInt32.max) else { throw reject("window", window, "must be non-negative (0: no eviction)") }
        self.groupSize = groupSize
        self.pruneMethod = pruneMethod
        self.quantizer = quantizer
        self.sharedMaskRows = sharedMaskRows
        self.kvBits = kvBits
        self.sinks = sinks
        self.window = window
    }
}
