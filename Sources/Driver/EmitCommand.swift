import Accel

/// `rcegen emit`: writes the accelerator's RTL and manifest for a target.
struct EmitCommand: Command {
    let name = "emit"
    let summary = "Write the accelerator's Verilog and manifest for a target."
    let options: [OptionSpec] = [
        .value("target", "name", "Target board (known: \(Target.all.map(\.name).joined(separator: ", "))).", default: "u280"),
        .value("out", "dir", "Output directory, replaced atomically (default: Generated/<target>)."),
    ]

    func run(_ options: ParsedOptions, _ console: Console) throws {
        let target = try TargetOption.resolve(options)
        let out = options.string("out") ?? "Generated/\(target.name)"
        let design = try AcceleratorDesign(.standard(for: target))
        let files = try design.files()
        try AtomicOutput.writeDirectory(files, to: out)
        console.progress("rcegen emit: wrote \(files.count) files for \(target.name) to \(out)")
    }
}

/// The `--target` option shared by the commands that generate for a board.
enum TargetOption {
    static func resolve(_ options: ParsedOptions) throws -> Target {
        let name = try options.required("target")
        guard let target = Target.named(name) else {
            throw UsageError("unknown target '\(name)' (known targets: \(Target.all.map(\.name).joined(separator: ", ")))")
        }
        return target
    }
}
