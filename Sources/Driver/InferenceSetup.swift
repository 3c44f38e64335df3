import Model

/// The model and tokenizer a `generate` or `eval` run uses, built from the options in
/// this one place: options that select another model variant (compressed, integer)
/// extend `options` and `load` only.
struct InferenceSetup {
    let model: Transformer
    let tokenizer: Tokenizer

    static let options: [OptionSpec] = [
        .value("model", "path", "Checkpoint: llama2.c .bin (legacy or v1) or a Hugging Face directory."),
        .value("tokenizer", "file", "llama2.c tokenizer file (tokenizer.bin)."),
    ]

    static func load(_ options: ParsedOptions) throws -> InferenceSetup {
        let weights = try ModelCheckpoint.load(path: try options.required("model"))
        let tokenizer = try Tokenizer.load(path: try options.required("tokenizer"))
        guard tokenizer.count == weights.config.vocab else {
            throw TokenizerError.vocabularyMismatch(tokenizer: tokenizer.count, model: weights.config.vocab)
        }
        return InferenceSetup(model: Transformer(weights: weights), tokenizer: tokenizer)
    }
}

/// An input file a command cannot read (a failure, not a usage error).
struct InputFileError: Error, CustomStringConvertible {
    let description: String
}
