/// One emitted Verilog file.
public struct VerilogFile: Hashable, Sendable {
    /// The module the file defines.
    public let moduleName: String
    /// `<moduleName>.v`
    public var fileName: String { moduleName + ".v" }
    /// The Verilog text; ends with a newline.
    public let text: String
}

/// Writes modules as readable Verilog-2005: one module per file named after the module,
/// names taken from the Swift description, explicit widths everywhere, a
/// `// File.swift:line` comment on every declaration, and no warnings under
/// `verilator --lint-only -Wall`. The same description always gives the same bytes.
public struct VerilogEmitter: Sendable {
    public init() {}

    /// Every module of the design rooted at `top`, as `[fileName: text]`.
    public func emit(_ top: Module) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try emitFiles(top).map { ($0.fileName, $0.text) })
    }

    /// Every module of the design rooted at `top`, children first, `top` last.
    public func emitFiles(_ top: Module) throws -> [VerilogFile] {
        try top.hierarchy().map { VerilogFile(moduleName: $0.name, text: emitModule($0)) }
    }

    /// The text of one module (without its submodules).
    public func emitModule(_ module: Module) -> String {
        ModuleWriter(module.definition).write()
    }
}
