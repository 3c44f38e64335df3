import Compress
import Foundation
import Model

/// `rcegen compress`: 2:4 pruning and W2 quantization of an fp32 checkpoint into a `.rce`.
struct CompressCommand: Command {
    let name = "compress"
    let summary = "Compress an fp32 model (2:4 OBS pruning, W2 GPTQ) into a .rce file."
    var options: [OptionSpec] {
        CompressionOptions.specs + [.value("out", "file", "Output .rce file, written atomically.")]
    }

    func run(_ options: ParsedOptions, _ console: Console) throws {
        let out = try options.required("out")
        let settings = try CompressionOptions.settings(options)
        guard settings.pruning != .none, settings.quantization != .none else {
            throw UsageError("a .rce model is 2:4-pruned and W2-quantized; for --prune none or --quantize none use 'rcegen ablate'")
        }
        _ = try options.required("model")
        let (_, result) = try CompressionOptions.compress(options, console, command: name)
        let model = try result.compressedModel(settings: CompressionSettings(
            groupSize: settings.groupSize, pruneMethod: settings.pruning.rawValue, quantizer: settings.quantization.rawValue,
            sharedMaskRows: settings.sharedMaskRows))
        let bytes = RCEWriter.encode(model)
        try AtomicOutput.writeFile(Data(bytes), to: out)
        console.progress("rcegen compress: wrote \(out) (\(bytes.count) bytes)")
    }
}
