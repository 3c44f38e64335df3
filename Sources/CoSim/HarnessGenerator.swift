// Fills the C++ harness template with the per-port glue of one design.
import Foundation

/// The generated harness and the port layout it implies on the wire.
struct GeneratedHarness: Sendable {
    /// C++ source of the harness.
    var source: String
    /// Inputs that carry vector data, in wire order (clock, enable, reset, in_valid excluded).
    var dataInputs: [DesignPort]
    /// Outputs compared against expectations, in wire order (out_valid excluded).
    var dataOutputs: [DesignPort]
}

enum HarnessGenerator {
    static let topPlaceholder = "{{TOP_MODULE}}"
    static let gluePlaceholder = "{{PORT_GLUE}}"
    static let axiModelPlaceholder = "{{AXI_MEMORY_MODEL}}"
    static let axiLiteModelPlaceholder = "{{AXI_LITE_MASTER}}"

    /// `template` is the harness template, `axiModel` the AXI slave model and `axiLiteModel`
    /// the AXI4-Lite master driver it inlines.
    static func generate(
        design: DesignUnderTest, protocol handshakeProtocol: CoSimProtocol, template: String, axiModel: String,
        axiLiteModel: String
    ) throws(CoSimError) -> GeneratedHarness {
        try design.validate()
        let handshake = handshakeProtocol.handshakePorts
        if case .pipeline(let latency) = handshakeProtocol, latency < 0 {
            throw .invalidStimulus("pipeline latency \(latency) is negative")
        }
        if let inValid = handshake.input {
            let port = try design.port(named: inValid)
            guard port.direction == .input, port.width == 1 else { throw .invalidDesign("in_valid port \(inValid) must be a 1-bit input") }
            guard inValid != design.clock, inValid != design.clockEnable, inValid != design.reset?.name else {
                throw .invalidDesign("in_valid port \(inValid) is already the clock, clock enable or reset")
            }
        }
        if let outValid = handshake.output {
            let port = try design.port(named: outValid)
            guard port.direction == .output, port.width == 1 else { throw .invalidDesign("out_valid port \(outValid) must be a 1-bit output") }
        }
        let control = Set([design.clock, design.clockEnable, design.reset?.name, handshake.input, handshake.output].compactMap { $0 })
        for name in control where design.axiPort(owning: name) != nil || design.axiLitePort(owning: name) != nil {
            throw .invalidDesign("handshake port \(name) is named like a signal of an AXI port")
        }
        let isData = { (port: DesignPort) in
            !control.contains(port.name) && design.axiPort(owning: port.name) == nil && design.axiLitePort(owning: port.name) == nil
        }
        let dataInputs = design.ports.filter { $0.direction == .input && isData($0) }
        let dataOutputs = design.ports.filter { $0.direction == .output && isData($0) }
        guard !dataOutputs.isEmpty else { throw .invalidDesign("design \(design.topModule) has no data outputs to compare") }

        guard template.contains(topPlaceholder), template.contains(gluePlaceholder), template.contains(axiModelPlaceholder),
              template.contains(axiLiteModelPlaceholder) else {
            throw .invalidTemplate("the template must contain \(topPlaceholder), \(gluePlaceholder), \(axiModelPlaceholder) and \(axiLiteModelPlaceholder)")
        }
        let glue = portGlue(design: design, handshake: handshake, inputs: dataInputs, outputs: dataOutputs)
            + "\n\n" + AXIHarnessGlue.lines(design: design).joined(separator: "\n")
            + "\n\n" + AXILiteHarnessGlue.lines(design: design).joined(separator: "\n")
        // The models go in first: they may not contain placeholders of their own.
        let source = template.replacingOccurrences(of: axiModelPlaceholder, with: axiModel)
            .replacingOccurrences(of: axiLiteModelPlaceholder, with: axiLiteModel)
            .replacingOccurrences(of: topPlaceholder, with: design.topModule)
            .replacingOccurrences(of: gluePlaceholder, with: glue)
        if let leftover = source.range(of: "{{") {
            let line = source[leftover.lowerBound...].prefix(while: { $0 != "\n" })
            throw .invalidTemplate("unknown placeholder left in the template: \(line)")
        }
        return GeneratedHarness(source: source, dataInputs: dataInputs, dataOutputs: dataOutputs)
    }

    private static func portGlue(
        design: DesignUnderTest, handshake: (input: String?, output: String?), inputs: [DesignPort], outputs: [DesignPort]
    ) -> String {
        var lines: [String] = []
        lines.append(contentsOf: accessors(design.ports.map(\.name)))
        lines.append("")
        let inputOffsets = wordOffsets(inputs)
        let outputOffsets = wordOffsets(outputs)
        lines.append("constexpr int kInputPortCount = \(inputs.count);")
        // Zero-length arrays are not C++: keep one dummy entry when there are no data inputs.
        lines.append("constexpr int kInputWidth[] = {\(inputs.isEmpty ? "0" : inputs.map { String($0.width) }.joined(separator: ", "))};")
        lines.append("constexpr int kInputWordOffset[] = {\(inputs.isEmpty ? "0" : inputOffsets.dropLast().map(String.init).joined(separator: ", "))};")
        lines.append("constexpr int kInputWords = \(inputOffsets.last ?? 0);")
        lines.append("constexpr int kOutputWords = \(outputOffsets.last ?? 0);")
        lines.append("constexpr bool kHasClockEnable = \(design.clockEnable != nil);")
        lines.append("constexpr bool kHasReset = \(design.reset != nil);")
        lines.append("constexpr bool kHasValidPorts = \(handshake.input != nil);")
        lines.append("")
        lines.append("void applyInputs(Vdut* dut, const uint32_t* words) {")
        lines.append("    (void)dut; (void)words;")
        for (index, port) in inputs.enumerated() {
            lines.append(contentsOf: applyLines(port, offset: inputOffsets[index]))
        }
        lines.append("}")
        lines.append("")
        lines.append("void readOutputs(const Vdut* dut, uint32_t* words) {")
        for (index, port) in outputs.enumerated() {
            lines.append(contentsOf: readLines(port, offset: outputOffsets[index]))
        }
        lines.append("}")
        lines.append("")
        lines.append("void setClock(Vdut* dut, int level) { \(member(design.clock)) = static_cast<CData>(level); }")
        if let clockEnable = design.clockEnable {
            lines.append("void setClockEnable(Vdut* dut, bool on) { \(member(clockEnable)) = on ? 1 : 0; }")
        } else {
            lines.append("void setClockEnable(Vdut*, bool) {}")
        }
        if let reset = design.reset {
            let asserted = reset.isActiveLow ? "0" : "1", released = reset.isActiveLow ? "1" : "0"
            lines.append("void setReset(Vdut* dut, bool asserted) { \(member(reset.name)) = asserted ? \(asserted) : \(released); }")
        } else {
            lines.append("void setReset(Vdut*, bool) {}")
        }
        if let inValid = handshake.input {
            lines.append("void setInValid(Vdut* dut, bool on) { \(member(inValid)) = on ? 1 : 0; }")
        } else {
            lines.append("void setInValid(Vdut*, bool) {}")
        }
        if let outValid = handshake.output {
            lines.append("bool getOutValid(const Vdut* dut) { return (\(member(outValid)) & 1) != 0; }")
        } else {
            lines.append("bool getOutValid(const Vdut*) { return false; }")
        }
        return lines.joined(separator: "\n")
    }

    /// The C++ expression for a port member of `dut`.
    static func member(_ name: String) -> String { "port_\(name)(dut, 0)" }

    /// Verilator renames ports that clash with C++ words (`interrupt`, which Vitis requires,
    /// becomes `__SYM__interrupt`), and its list of such words is its own. Each accessor
    /// therefore picks whichever member exists; true C++ keywords can only be the renamed one.
    private static func accessors(_ names: [String]) -> [String] {
        var lines = [
            "// Port accessors: the renamed member (__SYM__name) wins when Verilator made one.",
        ]
        for name in names {
            lines.append("template <class D> auto port_\(name)(D* d, int) -> decltype((d->__SYM__\(name))) { return d->__SYM__\(name); }")
            if !cppKeywords.contains(name) {
                lines.append("template <class D> auto port_\(name)(D* d, long) -> decltype((d->\(name))) { return d->\(name); }")
            }
        }
        return lines
    }

    private static let cppKeywords: Set<String> = [
        "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
        "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr",
        "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete",
        "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for",
        "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
        "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
        "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct",
        "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
        "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
    ]

    private static func cType(width: Int) -> String {
        switch width {
        case ...8: return "CData"
        case ...16: return "SData"
        case ...32: return "IData"
        default: return "QData"
        }
    }

    private static func mask32(_ bits: Int) -> String {
        bits >= 32 ? "0xffffffffu" : "0x" + String((UInt32(1) << UInt32(bits)) - 1, radix: 16) + "u"
    }

    static func mask64(_ bits: Int) -> String {
        bits >= 64 ? "0xffffffffffffffffull" : "0x" + String((UInt64(1) << UInt64(bits)) - 1, radix: 16) + "ull"
    }

    /// C++ statements copying little-endian 32-bit words `array[offset...]` into an input port.
    static func applyLines(_ port: DesignPort, offset: Int, array: String = "words") -> [String] {
        let name = port.name, width = port.width
        if width <= 32 {
            return ["    \(member(name)) = static_cast<\(cType(width: width))>(\(array)[\(offset)] & \(mask32(width)));"]
        }
        if width <= 64 {
            return ["    \(member(name)) = ((static_cast<uint64_t>(\(array)[\(offset + 1)]) << 32) | \(array)[\(offset)]) & \(mask64(width));"]
        }
        let count = port.wordCount
        let topBits = width - 32 * (count - 1)
        return [
            "    for (int i = 0; i < \(count); ++i) \(member(name))[i] = \(array)[\(offset) + i];",
            "    \(member(name))[\(count - 1)] &= \(mask32(topBits));",
        ]
    }

    /// C++ statements copying an output port into little-endian 32-bit words `array[offset...]`.
    static func readLines(_ port: DesignPort, offset: Int, array: String = "words") -> [String] {
        let name = port.name, width = port.width
        if width <= 32 {
            return ["    \(array)[\(offset)] = static_cast<uint32_t>(\(member(name))) & \(mask32(width));"]
        }
        if width <= 64 {
            return [
                "    { const uint64_t value = static_cast<uint64_t>(\(member(name))) & \(mask64(width));",
                "      \(array)[\(offset)] = static_cast<uint32_t>(value); \(array)[\(offset + 1)] = static_cast<uint32_t>(value >> 32); }",
            ]
        }
        let count = port.wordCount
        let topBits = width - 32 * (count - 1)
        return [
            "    for (int i = 0; i < \(count); ++i) \(array)[\(offset) + i] = \(member(name))[i];",
            "    \(array)[\(offset + count - 1)] &= \(mask32(topBits));",
        ]
    }
}
