import Model
import Numerics

/// The model and tokenizer a `generate` or `eval` run uses, built from the options in
/// this one place: options that select another model variant (compressed, integer)
/// extend `options` and `load` only.
struct InferenceSetup {
    /// The fp32 checkpoint, or a compressed `.rce` model with the integer path's switches.
    enum Variant {
        case fp32(ModelWeights)
        case compressed(CompressedModel, IntegerPathOptions)
    }

    let variant: Variant
    let tokenizer: Tokenizer

    /// A fresh runnable model (its own scratch and caches: one per thread).
    func makeModel() -> Transformer {
        switch variant {
        case .fp32(let weights): return Transformer(weights: weights)
        case .compressed(let model, let pathOptions): return Transformer(compressed: model, options: pathOptions)
        }
    }

    static let options: [OptionSpec] = [
        .value("model", "path", "Checkpoint: llama2.c .bin (legacy or v1) or a Hugging Face directory."),
        .value("rce", "file", "Compressed .rce model instead of --model, run on the integer W2A8 path."),
        .value("kv-bits", "4|16", "With --rce: KV cache in 4 bits or unquantized (default: the file's)."),
        .value("sinks", "S", "With --rce: Λ-attention sink tokens (default: the file's)."),
        .value("window", "W", "With --rce: Λ-attention recent tokens, 0 keeps every position (default: the file's)."),
        .flag("fp32-dequantized", "With --rce: dequantized weights and fp32 activations instead of W2A8."),
        .value("tokenizer", "file", "llama2.c tokenizer file (tokenizer.bin)."),
    ]

    static func load(_ options: ParsedOptions) throws -> InferenceSetup {
        let variant: Variant, vocab: Int
        if let path = options.string("rce") {
            guard options.string("model") == nil else { throw UsageError("give --model or --rce, not both") }
            let model = try RCEReader.load(path: path)
            variant = .compressed(model, try integerPathOptions(options, defaults: model.settings))
            vocab = model.config.vocab
        } else {
            for name in ["kv-bits", "sinks", "window"] where options.string(name) != nil {
                throw UsageError("--\(name) applies to a compressed model: give --rce")
            }
            if options.flag("fp32-dequantized") { throw UsageError("--fp32-dequantized applies to a compressed model: give --rce") }
            let weights = try ModelCheckpoint.load(path: try options.required("model"))
            variant = .fp32(weights)
            vocab = weights.config.vocab
        }
        let tokenizer = try Tokenizer.load(path: try options.required("tokenizer"))
        guard tokenizer.count == vocab else {
            throw TokenizerError.vocabularyMismatch(tokenizer: tokenizer.count, model: vocab)
        }
        return InferenceSetup(variant: variant, tokenizer: tokenizer)
    }

    /// The file's KV bits, S and W unless the options override them.
    private static func integerPathOptions(_ options: ParsedOptions, defaults: CompressionSettings) throws -> IntegerPathOptions {
        let kvBits = try options.integer("kv-bits", in: 4...16) ?? defaults.kvBits
        guard kvBits == 4 || kvBits == 16 else { throw UsageError("option '--kv-bits' must be 4 or 16, got \(kvBits)") }
        let sinks = try options.integer("sinks", in: 0...1 << 30) ?? defaults.sinks
        let window = try options.integer("window", in: 0...1 << 30) ?? defaults.window
        return IntegerPathOptions(linear: options.flag("fp32-dequantized") ? .dequantizedFP32 : .integer,
                                  kvStorage: kvBits == 4 ? .fourBit : .fp32,
                                  window: window > 0 ? AttentionWindow(sinks: sinks, recent: window) : nil)
    }
}

/// An input file a command cannot read (a failure, not a usage error).
struct InputFileError: Error, CustomStringConvertible {
    let description: String
}
