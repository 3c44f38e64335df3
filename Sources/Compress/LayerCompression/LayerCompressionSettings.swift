/// How weights are removed: not at all, by magnitude (no error compensation), or by the
/// OBS saliency w²/[H⁻¹]²_jj with the OBS update of the remaining weights (SparseGPT).
public enum PruningMethod: String, Sendable, CaseIterable {
    case none, magnitude, obs
}

/// How kept weights become W2 codes: not at all (fp32), round to nearest (no error
/// compensation), or GPTQ (round, then spread the error over the remaining columns).
public enum QuantizationMethod: String, Sendable, CaseIterable {
    case none, rtn, gptq
}

/// Which weights a quantization group's range (hence scale and zero point) is taken from.
public enum GroupScaleTiming: String, Sendable, CaseIterable {
    /// As the official GPTQ does: the weights as they stood when the lazy-update block
    /// started (updates from earlier columns of the same block not yet applied).
    case blockStart = "block-start"
    /// The weights with every update so far applied.
    case updated
}

/// Everything that decides how one linear layer is compressed.
public struct LayerCompressionSettings: Sendable, Equatable {
    public var pruning: PruningMethod
    public var quantization: QuantizationMethod
    /// Dense input columns per quantization group (a multiple of 4); the last group of a
    /// row is short when it does not divide the width.
    public var groupSize: Int
    public var groupScaleTiming: GroupScaleTiming
    /// A group's range covers only the weights a 2:4 mask would keep (a provisional mask
    /// chosen by the same rule when the scale is taken), rather than all of them.
    public var rangeOverKeptWeights: Bool
    /// Search a shrunken range per group for the least quantization error (the official
    /// quantizer's `mse` option) instead of taking the full range.
    public var clipSearch: Bool
    /// Consecutive output rows that share one 2:4 mask (1: every row its own).
    public var sharedMaskRows: Int
    /// Columns per lazy-update block (a multiple of 4, so 2:4 groups never straddle blocks).
    public var blockSize: Int
    /// Fraction of the mean Hessian diagonal added to the diagonal.
    public var damping: Double

    public init(pruning: PruningMethod = .obs, quantization: QuantizationMethod = .gptq, groupSize: Int = 32,
                groupScaleTiming: GroupScaleTiming = .blockStart, rangeOverKeptWeights: Bool = true,
                clipSearch: Bool = false, sharedMaskRows: Int = 1, blockSize: Int = 128, damping: Double = 0.01) {
        self.pruning = pruning
        self.quantization = quantization
        self.groupSize = groupSize
        self.groupScaleTiming = groupScaleTiming
        self.rangeOverKeptWeights = rangeOverKeptWeights
        self.clipSearch = clipSearch
        self.sharedMaskRows = sharedMaskRows
        self.blockSize = blockSize
        self.damping = damping
    }

    /// Whether errors are spread over the remaining columns through the inverse Hessian
    /// (and so whether calibration data is needed at all).
    public var compensatesErrors: Bool { pruning == .obs || quantization == .gptq }

    /// Throws `CompressionError.invalidSettings` naming the first setting that cannot work.
    public func validate(columns: Int) throws {
        if pruning == .obs && quantization == .rtn {
            throw CompressionError.invalidSettings("OBS pruning compensates errors, so its quantization must be gptq or none, not rtn")
        }
        if quantization != .none {
            guard groupSize > 0, groupSize % 4 == 0 else {
                throw CompressionError.invalidSettings("group size must be a positive multiple of 4, got \(groupSize)")
            }
        }
        if pruning != .none {
            guard columns % 4 == 0 else {
                throw CompressionError.invalidSettings("2:4 pruning needs a width that is a multiple of 4, got \(columns)")
            }
            guard sharedMaskRows >= 1 else {
                throw CompressionError.invalidSettings("shared mask rows must be at least 1, got \(sharedMaskRows)")
            }
        }
        guard blockSize > 0, blockSize % 4 == 0 else {
            throw CompressionError.invalidSettings("block size must be a positive multiple of 4, got \(blockSize)")
        }
        guard damping >= 0, damping.isFinite else {
            throw CompressionError.invalidSettings("damping must be a non-negative number, got \(damping)")
        }
    }
}
