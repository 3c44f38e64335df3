/// A finished, checked hardware module: the unit the Verilog emitter writes to one file.
///
/// ```swift
/// let lane = try Module("DotLane") { m in
///     let clk = m.input("clk")
///     let ce  = m.input("ce")
///     let x   = m.input("x", .signed(8))
///     let w   = m.input("w", .signed(2))
///     let acc = m.register("acc", .signed(20), clock: clk, enable: ce)
///     acc.assign(acc + (x * w).resized(to: 20))  // 21 bits into 20: explicit below
///     m.output("y", acc)
/// }
/// ```
/// Modules are values built by ordinary Swift code; a generator function with Swift
/// parameters passes them as `parameters:` so that every parameter set gets its own,
/// deterministic module name (`PackedLane_w8`).
public final class Module: Sendable, Hashable, CustomStringConvertible {
    /// The Verilog module name (base name plus parameters).
    public let name: String
    /// Where the module was described.
    public let location: SourceLocation
    let definition: ModuleDefinition

    /// Describes a module by running `body` with a builder, then checks the whole
    /// circuit. Throws `ElaborationError` listing every problem with its Swift line.
    ///
    /// - Parameters:
    ///   - baseName: The module name, or its prefix when `parameters` are given.
    ///   - parameters: Swift-level generator parameters, appended to the name in order
    ///     (`["w": 8, "lanes": 4]` gives `Base_w8_lanes4`).
    public init(_ baseName: String, parameters: KeyValuePairs<String, any CustomStringConvertible> = [:],
                file: String = #fileID, line: Int = #line,
                _ body: (ModuleBuilder) throws -> Void) throws {
        let location = SourceLocation(fileID: file, line: line)
        let name = Module.name(baseName, parameters: parameters)
        let builder = ModuleBuilder(name: name, location: location)
        try body(builder)
        self.definition = try builder.finish()
        self.name = name
        self.location = location
    }

    /// The name a generator with these parameters gets: `Base_key1value1_key2value2`,
    /// with characters that are not letters, digits or `_` replaced (`-` by `m`).
    public static func name(_ baseName: String, parameters: KeyValuePairs<String, any CustomStringConvertible>) -> String {
        var name = baseName
        for (key, value) in parameters {
            name += "_" + key + sanitized(value.description)
        }
        return name
    }

    private static func sanitized(_ text: String) -> String {
        String(text.map { character -> Character in
            if character == "-" { return "m" }
            if character == "." { return "p" }
            return character.isASCII && (character.isLetter || character.isNumber || character == "_") ? character : "_"
        })
    }

    /// Ports in declaration order.
    public var ports: [ModulePort] {
        definition.ports.map { index in
            let signal = definition.signals[index]
            return ModulePort(name: signal.name, direction: signal.role == .input ? .input : .output,
                        type: signal.type, location: signal.location)
        }
    }

    /// The port with this name, if any.
    public func port(named portName: String) -> ModulePort? { ports.first { $0.name == portName } }

    /// The modules this one instantiates directly, in instance order, without repeats.
    public var submodules: [Module] {
        var seen = Set<String>()
        return definition.instances.map(\.module).filter { seen.insert($0.name).inserted }
    }

    /// Every distinct module of the design rooted here, children before parents, this
    /// module last: one Verilog file each. Throws when two different definitions share
    /// a name.
    public func hierarchy() throws -> [Module] {
        var ordered: [Module] = []
        var byName: [String: Module] = [:]
        var problems: [Diagnostic] = []
        func visit(_ module: Module) {
            if let existing = byName[module.name] {
                if existing != module {
                    problems.append(Diagnostic("two different modules are named '\(module.name)' (the other is described at \(existing.location)); give generator parameters that tell them apart", at: module.location))
                }
                return
            }
            for child in module.submodules { visit(child) }
            byName[module.name] = module
            ordered.append(module)
        }
        visit(self)
        if !problems.isEmpty { throw ElaborationError(moduleName: name, diagnostics: problems) }
        return ordered
    }

    public var description: String {
        "module \(name)(" + ports.map(\.description).joined(separator: ", ") + ")"
    }

    public static func == (lhs: Module, rhs: Module) -> Bool {
        lhs === rhs || (lhs.name == rhs.name && lhs.definition == rhs.definition)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
