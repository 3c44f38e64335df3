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

    static func generate(design: DesignUnderTest, protocol handshakeProtocol: CoSimProtocol, template: String) throws(CoSimError) -> GeneratedHarness {
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
        let dataInputs = design.ports.filter { $0.direction == .input && !control.contains($0.name) }
        let dataOutputs = design.ports.filter { $0.direction == .output && !control.contains($0.name) }
        guard !dataOutputs.isEmpty else { throw .invalidDesign("design \(design.topModule) has no data outputs to compare") }

        guard template.contains(topPlaceholder), template.contains(gluePlaceholder) else {
            throw .invalidTemplate("the template must contain \(topPlaceholder) and \(gluePlaceholder)")
        }
        let glue = portGlue(design: design, handshake: handshake, inputs: dataInputs, outputs: dataOutputs)
        let source = template.replacingOccurrences(of: topPlaceholder, with: design.topModule)
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
        lines.append("void setClock(Vdut* dut, int level) { dut->\(design.clock) = static_cast<CData>(level); }")
        if let clockEnable = design.clockEnable {
            lines.append("void setClockEnable(Vdut* dut, bool on) { dut->\(clockEnable) = on ? 1 : 0; }")
        } else {
            lines.append("void setClockEnable(Vdut*, bool) {}")
        }
        if let reset = design.reset {
            let asserted = reset.isActiveLow ? "0" : "1", released = reset.isActiveLow ? "1" : "0"
            lines.append("void setReset(Vdut* dut, bool asserted) { dut->\(reset.name) = asserted ? \(asserted) : \(released); }")
        } else {
            lines.append("void setReset(Vdut*, bool) {}")
        }
        if let inValid = handshake.input {
            lines.append("void setInValid(Vdut* dut, bool on) { dut->\(inValid) = on ? 1 : 0; }")
        } else {
            lines.append("void setInValid(Vdut*, bool) {}")
        }
        if let outValid = handshake.output {
            lines.append("bool getOutValid(const Vdut* dut) { return (dut->\(outValid) & 1) != 0; }")
        } else {
            lines.append("bool getOutValid(const Vdut*) { return false; }")
        }
        return lines.joined(separator: "\n")
    }

    /// Running word offsets; the last element is the total word count.
    private static func wordOffsets(_ ports: [DesignPort]) -> [Int] {
        var offsets = [0]
        for port in ports { offsets.append(offsets[offsets.count - 1] + port.wordCount) }
        return offsets
    }

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

    private static func mask64(_ bits: Int) -> String {
        bits >= 64 ? "0xffffffffffffffffull" : "0x" + String((UInt64(1) << UInt64(bits)) - 1, radix: 16) + "ull"
    }

    private static func applyLines(_ port: DesignPort, offset: Int) -> [String] {
        let name = port.name, width = port.width
        if width <= 32 {
            return ["    dut->\(name) = static_cast<\(cType(width: width))>(words[\(offset)] & \(mask32(width)));"]
        }
        if width <= 64 {
            return ["    dut->\(name) = ((static_cast<uint64_t>(words[\(offset + 1)]) << 32) | words[\(offset)]) & \(mask64(width));"]
        }
        let count = port.wordCount
        let topBits = width - 32 * (count - 1)
        return [
            "    for (int i = 0; i < \(count); ++i) dut->\(name)[i] = words[\(offset) + i];",
            "    dut->\(name)[\(count - 1)] &= \(mask32(topBits));",
        ]
    }

    private static func readLines(_ port: DesignPort, offset: Int) -> [String] {
        let name = port.name, width = port.width
        if width <= 32 {
            return ["    words[\(offset)] = static_cast<uint32_t>(dut->\(name)) & \(mask32(width));"]
        }
        if width <= 64 {
            return [
                "    { const uint64_t value = static_cast<uint64_t>(dut->\(name)) & \(mask64(width));",
                "      words[\(offset)] = static_cast<uint32_t>(value); words[\(offset + 1)] = static_cast<uint32_t>(value >> 32); }",
            ]
        }
        let count = port.wordCount
        let topBits = width - 32 * (count - 1)
        return [
            "    for (int i = 0; i < \(count); ++i) words[\(offset) + i] = dut->\(name)[i];",
            "    words[\(offset + count - 1)] &= \(mask32(topBits));",
        ]
    }
}
