import Foundation

/// The `rcegen` command line: dispatches to a subcommand and turns every error into one
/// line on standard error and a non-zero exit status (2 for usage, 1 for failures).
public enum CLI {
    static let commands: [any Command] = [
        EmitCommand(), SynthCommand(), ReportCommand(), CompressCommand(), AblateCommand(), EvalCommand(), GenerateCommand(),
    ]

    static var help: String {
        var lines = [
            "rcegen: hardware generator for compressed LLM inference on FPGAs (AccLLM-style, Alveo U280)",
            "", "USAGE: rcegen <command> [options]", "", "COMMANDS:",
        ]
        for command in commands {
            lines.append("  " + command.name.padding(toLength: 12, withPad: " ", startingAt: 0) + command.summary)
        }
        lines.append("")
        lines.append("See 'rcegen <command> --help' for a command's options.")
        return lines.joined(separator: "\n")
    }

    /// Runs `rcegen` with `arguments` (without the program name); returns the exit status.
    public static func run(_ arguments: [String]) -> Int32 {
        run(arguments, console: .standard)
    }

    public static func run(_ arguments: [String], console: Console) -> Int32 {
        guard let first = arguments.first else {
            console.progress(help)
            return 2
        }
        if first == "--help" || first == "-h" || first == "help" {
            console.print(help)
            return 0
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            console.progress("rcegen: error: unknown command '\(first)' (commands: \(commands.map(\.name).joined(separator: ", ")))")
            return 2
        }
        do {
            let options = try ParsedOptions(Array(arguments.dropFirst()), specs: command.options, command: command.name)
            if options.helpRequested {
                console.print(command.help)
                return 0
            }
            try command.run(options, console)
            return 0
        } catch let error as UsageError {
            console.progress("rcegen \(command.name): error: \(error.description)")
            return 2
        } catch {
            console.progress("rcegen \(command.name): error: \(error)")
            return 1
        }
    }
}
