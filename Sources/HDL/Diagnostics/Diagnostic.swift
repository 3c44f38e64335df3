/// One problem found while a module was being described, with the Swift source line
/// that caused it.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the signals involved.
    public let message: String
    /// Where in the user's Swift code the problem was made.
    public let location: SourceLocation

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    /// `Accel/Lane.swift:12: error: ...`
    public var description: String { "\(location): error: \(message)" }
}

/// Thrown when a module (or a design) has one or more errors. All problems found are
/// reported together, in the order they were made.
public struct ElaborationError: Error, Sendable, CustomStringConvertible {
    /// The name of the module being described when the problems were found.
    public let moduleName: String
    public let diagnostics: [Diagnostic]

    public init(moduleName: String, diagnostics: [Diagnostic]) {
        self.moduleName = moduleName
        self.diagnostics = diagnostics
    }

    public var description: String {
        let count = diagnostics.count
        let header = "module '\(moduleName)' has \(count) error\(count == 1 ? "" : "s"):"
        return ([header] + diagnostics.map { "  \($0)" }).joined(separator: "\n")
    }
}
