import Foundation
import Model

/// `rcegen eval`: perplexity of the model on a text file.
struct EvalCommand: Command {
    let name = "eval"
    let summary = "Perplexity of the model on a text (llama.cpp's chunked method or full chunks)."
    let options: [OptionSpec] = InferenceSetup.options + [
        .value("text", "file", "UTF-8 text, tokenized whole with BOS first."),
        .value("context", "n", "Tokens per chunk.", default: "512"),
        .value("method", "name", "Scored positions: llamacpp (second half of each chunk) or full.", default: "llamacpp"),
        .value("threads", "n", "Chunks evaluated in parallel, one model per thread.", default: "1"),
        .flag("second-half", "Evaluate only the tokens from n/2 on (the compression protocol's held-out half)."),
    ]

    func run(_ options: ParsedOptions, _ console: Console) throws {
        let context = try options.integer("context", in: 2...1_000_000)!
        let threads = try options.integer("threads", in: 1...256)!
        let methodName = try options.required("method")
        guard let method = PerplexityMethod(rawValue: methodName) else {
            throw UsageError("unknown method '\(methodName)' (known: \(PerplexityMethod.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let textPath = try options.required("text")
        guard let data = FileManager.default.contents(atPath: textPath) else {
            throw InputFileError(description: "cannot read text file '\(textPath)'")
        }
        let setup = try InferenceSetup.load(options)
        var tokens = setup.tokenizer.encode(bytes: [UInt8](data), bos: true, eos: false)
        if options.flag("second-half") { tokens = Array(tokens[(tokens.count / 2)...]) }
        let start = ContinuousClock.now
        let result = try Perplexity.evaluate(models: (0..<threads).map { _ in setup.makeModel() }, tokens: tokens, context: context, method: method)
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        console.print(String(format: "perplexity %.4f", result.perplexity))
        console.progress("rcegen eval: \(tokens.count) tokens, \(result.chunks) chunks of \(context), \(result.scoredTokens) scored (\(method.rawValue)), "
                         + String(format: "mean NLL %.6f, %.1f s", result.meanNegativeLogLikelihood, seconds))
    }
}
