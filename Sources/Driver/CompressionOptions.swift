import Compress
import Foundation
import Model
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The compression options shared by `rcegen compress` and `rcegen ablate`, and the one
/// function that runs the sequential pipeline for both (with time and peak memory on stderr).
enum CompressionOptions {
    static let specs: [OptionSpec] = [
        .value("model", "file", "fp32 checkpoint: llama2.c .bin (legacy or v1) or a Hugging Face directory."),
        .value("calibration", "file", "Calibration tokens: int32 little-endian segments (needed by obs and gptq)."),
        .value("segment-length", "n", "Tokens per calibration segment.", default: "256"),
        .value("segments", "n", "Use only the first n calibration segments (default: all)."),
        .value("prune", "method", "2:4 pruning: obs, magnitude or none.", default: "obs"),
        .value("quantize", "method", "W2 quantization: gptq, rtn or none.", default: "gptq"),
        .value("group-size", "n", "Dense input columns per quantization group (multiple of 4).", default: "32"),
        .value("group-scale", "when", "Group range from the weights at the lazy block's start (official GPTQ) or fully updated: block-start or updated.", default: "block-start"),
        .value("group-range", "weights", "Group range over the weights a provisional 2:4 mask keeps, or over all: kept or all.", default: "kept"),
        .value("range-search", "how", "Group range: mse (shrunk to the least quantization error, the official quantizer's mse option) or full (GPTQ's default).", default: "mse"),
        .value("shared-mask-rows", "r", "Consecutive output rows sharing one 2:4 mask.", default: "1"),
        .value("block-size", "n", "Columns per lazy-update block (multiple of 4).", default: "128"),
        .value("damping", "f", "Fraction of the mean Hessian diagonal added to it.", default: "0.01"),
    ]

    static func settings(_ options: ParsedOptions) throws -> LayerCompressionSettings {
        func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T where T.RawValue == String {
            let text = try options.required(name)
            guard let value = T(rawValue: text) else {
                throw UsageError("option '--\(name)' must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
            }
            return value
        }
        let range = try options.required("group-range")
        guard range == "kept" || range == "all" else { throw UsageError("option '--group-range' must be kept or all, got '\(range)'") }
        let settings = LayerCompressionSettings(
            pruning: try choice("prune", PruningMethod.self), quantization: try choice("quantize", QuantizationMethod.self),
            groupSize: try options.integer("group-size", in: 4...1 << 20)!,
            groupScaleTiming: try choice("group-scale", GroupScaleTiming.self), rangeOverKeptWeights: range == "kept",
            clipSearch: try rangeSearch(options),
            sharedMaskRows: try options.integer("shared-mask-rows", in: 1...1 << 20)!,
            blockSize: try options.integer("block-size", in: 4...1 << 20)!, damping: try options.double("damping", in: 0...1)!)
        if settings.pruning == .obs && settings.quantization == .rtn {
            throw UsageError("--prune obs compensates errors; combine it with --quantize gptq or none, not rtn")
        }
        return settings
    }

    static func rangeSearch(_ options: ParsedOptions) throws -> Bool {
        let text = try options.required("range-search")
        guard text == "mse" || text == "full" else { throw UsageError("option '--range-search' must be mse or full, got '\(text)'") }
        return text == "mse"
    }

    /// Loads the model (and calibration when needed) and runs the pipeline.
    static func compress(_ options: ParsedOptions, _ console: Console, command: String) throws -> (settings: LayerCompressionSettings, result: SequentialCompressionResult) {
        let settings = try settings(options)
        let weights = try ModelCheckpoint.load(path: try options.required("model"))
        var calibration: CalibrationSegments?
        if settings.compensatesErrors {
            guard let path = options.string("calibration") else {
                throw UsageError("--prune \(settings.pruning.rawValue) --quantize \(settings.quantization.rawValue) needs --calibration")
            }
            calibration = try CalibrationSegments(contentsOf: path, segmentLength: try options.integer("segment-length", in: 1...1 << 20)!,
                                                  vocab: weights.config.vocab)
            if let limit = try options.integer("segments", in: 1...Int(Int32.max)) { calibration = calibration!.prefix(limit) }
        }
        let start = Date()
        let result = try SequentialCompressor(settings: settings, progress: { console.progress("rcegen \(command): " + $0) })
            .compress(weights, calibration: calibration)
        console.progress(String(format: "rcegen \(command): compressed \(weights.config.layers) blocks in %.2f s, peak memory %.1f MB",
                                Date().timeIntervalSince(start), peakMemoryMegabytes()))
        return (settings, result)
    }

    /// Peak resident set size of this process (getrusage; Linux reports kilobytes).
    static func peakMemoryMegabytes() -> Double {
        var usage = rusage()
        #if canImport(Darwin)
        getrusage(RUSAGE_SELF, &usage)
        return Double(usage.ru_maxrss) / 1_048_576
        #else
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
        #endif
    }
}
