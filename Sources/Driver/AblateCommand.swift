import Compress
import Foundation
import Model
import Numerics

/// `rcegen ablate`: one row of the compression ablation table. Compresses in memory with
/// any combination of steps (including the fp32-only ones a .rce cannot hold: 2:4 alone,
/// W2 alone), then runs the compressed weights in fp32 and prints the protocol's
/// perplexities (data README): TinyStories second half at C = 256 and WikiText-2 at
/// C = 512, both by llama.cpp's method. `--a8`, `--kv4` and `--window` run a 2:4 + W2
/// result on the integer path instead (W2A8 linears, KV4 cache, Λ attention).
struct AblateCommand: Command {
    let name = "ablate"
    let summary = "Compress in memory (any step combination) and print the protocol's perplexities."
    var options: [OptionSpec] {
        CompressionOptions.specs + [
            .value("tokenizer", "file", "llama2.c tokenizer file."),
            .value("tinystories", "file", "TinyStories text: scored on its second half at C = 256."),
            .value("wikitext", "file", "WikiText-2 test text: scored whole at C = 512."),
            .flag("a8", "Integer path: W2A8 linears (activations quantized per token)."),
            .flag("kv4", "Integer path: 4-bit KV cache."),
            .value("sinks", "s", "Integer path, Λ attention: attention-sink tokens kept.", default: "4"),
            .value("window", "w", "Integer path, Λ attention: recent tokens kept (0: every position)."),
            .value("threads", "n", "Evaluation threads (the result does not depend on it).", default: "1"),
        ]
    }

    func run(_ options: ParsedOptions, _ console: Console) throws {
        let evaluations = [("tinystories", "TinyStories 2nd half @256", 256, true), ("wikitext", "WikiText-2 @512", 512, false)]
            .filter { options.string($0.0) != nil }
        guard !evaluations.isEmpty else { throw UsageError("give --tinystories and/or --wikitext to evaluate on") }
        // Every option is checked before the (possibly long) compression starts.
        let attentionWindow = try Self.window(options)
        let threads = try options.integer("threads", in: 1...256)!
        let integerPath = options.flag("a8") || options.flag("kv4") || attentionWindow != nil
        let requested = try CompressionOptions.settings(options)
        if integerPath && (requested.pruning == .none || requested.quantization == .none) {
            throw UsageError("--a8, --kv4 and --window run the integer path, which needs 2:4 pruning and W2 quantization")
        }
        let tokenizer = try Tokenizer.load(path: try options.required("tokenizer"))
        _ = try options.required("model")
        var texts: [(label: String, tokens: [Int], context: Int)] = []
        for (option, label, context, secondHalf) in evaluations {
            let path = options.string(option)!
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InputFileError(description: "cannot read text file '\(path)'")
            }
            var tokens = tokenizer.encode(bytes: [UInt8](data), bos: true, eos: false)
            if secondHalf { tokens = Array(tokens[(tokens.count / 2)...]) }
            texts.append((label, tokens, context))
        }
        let (settings, result) = try CompressionOptions.compress(options, console, command: name)
        guard tokenizer.count == result.weights.config.vocab else {
            throw TokenizerError.vocabularyMismatch(tokenizer: tokenizer.count, model: result.weights.config.vocab)
        }
        let models = try (0..<threads).map { _ in try Self.model(result, settings: settings, options: options, window: attentionWindow) }
        console.print("prune \(settings.pruning.rawValue), quantize \(settings.quantization.rawValue), group \(settings.groupSize), "
                      + "group scale \(settings.groupScaleTiming.rawValue), range \(settings.rangeOverKeptWeights ? "kept" : "all"), "
                      + "range search \(settings.clipSearch ? "mse" : "full"), shared mask rows \(settings.sharedMaskRows)")
        for text in texts {
            let start = Date()
            let perplexity = try Perplexity.evaluate(models: models, tokens: text.tokens, context: text.context, method: .llamaCpp)
            console.print(String(format: "%@: perplexity %.4f", text.label, perplexity.perplexity))
            console.progress(String(format: "rcegen ablate: %@: %d chunks, %d scored tokens, %.1f s",
                                    text.label, perplexity.chunks, perplexity.scoredTokens, Date().timeIntervalSince(start)))
        }
    }

    /// fp32 over the compressed weights, or the integer path when any of its switches is on.
    static func model(_ result: SequentialCompressionResult, settings: LayerCompressionSettings, options: ParsedOptions,
                      window attentionWindow: AttentionWindow?) throws -> Transformer {
        guard options.flag("a8") || options.flag("kv4") || attentionWindow != nil else { return Transformer(weights: result.weights) }
        let compressed = try result.compressedModel(settings: CompressionSettings(
            groupSize: settings.groupSize, pruneMethod: settings.pruning.rawValue, quantizer: settings.quantization.rawValue,
            sharedMaskRows: settings.sharedMaskRows))
        return Transformer(compressed: compressed, options: IntegerPathOptions(
            linear: options.flag("a8") ? .integer : .dequantizedFP32, kvStorage: options.flag("kv4") ? .fourBit : .fp32,
            window: attentionWindow))
    }

    /// The Λ window of `--sinks` and `--window` (nil for `--window 0` or none).
    static func window(_ options: ParsedOptions) throws -> AttentionWindow? {
        let window = try options.integer("window", in: 0...1 << 30) ?? 0
        let sinks = try options.integer("sinks", in: 0...1 << 30)!
        guard window > 0 else { return nil }
        guard let valid = AttentionWindow(sinks: sinks, recent: window) else {
            throw UsageError("--sinks \(sinks) --window \(window) is not a valid Λ window")
        }
        return valid
    }
}
