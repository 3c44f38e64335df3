import Accel

/// `rcegen emit`: writes the RTL of the accelerator for a target, plus its manifest.
struct EmitCommand: Command {
    let name = "emit"
    let summary = "Generate the accelerator's Verilog (and manifest) for a target board."
    let options: [OptionSpec] = [
        .value("target", "name", "Target board: \(Target.all.map(\.name).joined(separator: ", ")).", default: "u280"),
        .value("out", "dir", "Output directory; replaced atomically.", default: "Generated/u280"),
    ]

    func run(_ options: ParsedOptions, _ console: Console) throws {
        let target = try TargetOption.resolve(options)
        let output = try options.required("out")
        let design = try AcceleratorDesign(target: target)
        let files = try design.generatedFiles()
        try AtomicOutput.writeDirectory(files, to: output)
        console.print("rcegen emit: wrote \(files.count) files for \(target.name) to \(output)")
    }
}

enum TargetOption {
    static func resolve(_ options: ParsedOptions) throws -> Target {
        let name = try options.required("target")
        guard let target = Target.named(name) else {
            throw UsageError("unknown target '\(name)' (known targets: \(Target.all.map(\.name).joined(separator: ", ")))")
        }
        return target
    }
}
