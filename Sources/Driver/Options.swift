/// A tiny option parser: `--name value`, `--name=value`, boolean `--flag`, and `--help`.
/// Every problem becomes a `UsageError` whose message names the offending word.
struct OptionSpec: Sendable {
    enum Kind: Sendable { case value(placeholder: String), flag }
    let name: String
    let kind: Kind
    let help: String
    let defaultValue: String?

    static func value(_ name: String, _ placeholder: String, _ help: String, default defaultValue: String? = nil) -> OptionSpec {
        OptionSpec(name: name, kind: .value(placeholder: placeholder), help: help, defaultValue: defaultValue)
    }

    static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, kind: .flag, help: help, defaultValue: nil)
    }
}

struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Parsed options of one command.
struct ParsedOptions {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    private(set) var helpRequested = false

    init(_ arguments: [String], specs: [OptionSpec], command: String) throws {
        let byName = Dictionary(uniqueKeysWithValues: specs.map { ($0.name, $0) })
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if word == "--help" || word == "-h" {
                helpRequested = true
                continue
            }
            guard word.hasPrefix("--") else {
                throw UsageError("unexpected argument '\(word)' for '\(command)'")
            }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let spec = byName[name] else {
                throw UsageError("unknown option '--\(name)' for '\(command)'")
            }
            switch spec.kind {
            case .flag:
                guard inlineValue == nil else { throw UsageError("option '--\(name)' takes no value") }
                flags.insert(name)
            case .value:
                if values[name] != nil { throw UsageError("option '--\(name)' given twice") }
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                        throw UsageError("option '--\(name)' needs a value")
                    }
                    values[name] = arguments[index]
                    index += 1
                }
            }
        }
        for spec in specs where values[spec.name] == nil {
            if let value = spec.defaultValue { values[spec.name] = value }
        }
    }

    func string(_ name: String) -> String? { values[name] }

    func required(_ name: String) throws -> String {
        guard let value = values[name], !value.isEmpty else { throw UsageError("missing required option '--\(name)'") }
        return value
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("option '--\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }

    func double(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw UsageError("option '--\(name)' must be a number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }
}
