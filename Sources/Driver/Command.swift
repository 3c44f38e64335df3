/// One `rcegen` subcommand: its options, its help text, and the work it does.
protocol Command: Sendable {
    var name: String { get }
    var summary: String { get }
    var options: [OptionSpec] { get }
    func run(_ options: ParsedOptions, _ console: Console) throws
}

extension Command {
    var help: String {
        var lines = ["USAGE: rcegen \(name) [options]", "", summary, "", "OPTIONS:"]
        for spec in options {
            var left = "  --\(spec.name)"
            if case .value(let placeholder) = spec.kind { left += " <\(placeholder)>" }
            var right = spec.help
            if let value = spec.defaultValue { right += " (default: \(value))" }
            lines.append(left.padding(toLength: max(left.count + 2, 30), withPad: " ", startingAt: 0) + right)
        }
        lines.append("  -h, --help                  Show this help.")
        return lines.joined(separator: "\n")
    }
}
