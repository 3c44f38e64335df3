import Foundation
import HDL

/// Writes a plain Verilog-2005 testbench for a module: a script of input settings,
/// clock ticks and samples, each sample printing every output in hexadecimal on one line.
struct Testbench {
    let module: Module
    let clock: String?
    private var steps: [String] = []
    private(set) var sampleCount = 0

    init(_ module: Module, clock: String? = nil) {
        self.module = module
        self.clock = clock
    }

    var outputs: [ModulePort] { module.ports.filter { $0.direction == .output } }

    /// Sets an input (two's complement for negative values, truncated to its width).
    mutating func set(_ port: String, _ value: Int) {
        guard let width = module.port(named: port)?.width else { fatalError("no port \(port) in test") }
        steps.append("        \(port) = \(width)'h\(Testbench.hex(value, width: width));")
    }

    /// Sets a wide input from 64-bit words, least significant first.
    mutating func set(_ port: String, words: [UInt64]) {
        guard let width = module.port(named: port)?.width else { fatalError("no port \(port) in test") }
        let digits = words.reversed().map { word -> String in
            let text = String(word, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined().suffix((width + 3) / 4)
        steps.append("        \(port) = \(width)'h\(digits);")
    }

    /// One full clock cycle: rising edge, then falling edge.
    mutating func tick() {
        guard let clock else { fatalError("testbench has no clock") }
        steps.append("        #1 \(clock) = 1'b1; #1 \(clock) = 1'b0;")
    }

    /// Lets combinational logic settle, then prints all outputs.
    mutating func sample() {
        let format = outputs.map { _ in "%h" }.joined(separator: " ")
        steps.append("        #1 $display(\"\(format)\", \(outputs.map(\.name).joined(separator: ", ")));")
        sampleCount += 1
    }

    var text: String {
        var lines = ["`timescale 1ns/1ps", "module tb;"]
        for port in module.ports {
            let range = port.width > 1 ? "[\(port.width - 1):0] " : ""
            lines.append("    \(port.direction == .input ? "reg" : "wire") \(range)\(port.name);")
        }
        let connections = module.ports.map { ".\($0.name)(\($0.name))" }.joined(separator: ", ")
        lines.append("    \(module.name) dut (\(connections));")
        lines.append("    initial begin")
        if let clock { lines.append("        \(clock) = 1'b0;") }
        lines.append(contentsOf: steps)
        lines.append("        $finish;")
        lines.append("    end")
        lines.append("endmodule")
        return lines.joined(separator: "\n") + "\n"
    }

    static func hex(_ value: Int, width: Int) -> String {
        let digits = (width + 3) / 4
        var text = ""
        for digit in stride(from: digits - 1, through: 0, by: -1) {
            let shift = digit * 4
            let nibble = shift >= 64 ? (value < 0 ? 15 : 0) : (value >> shift) & 15
            let bitsInDigit = min(4, width - shift)
            text.append(String(nibble & ((1 << bitsInDigit) - 1), radix: 16))
        }
        return text
    }

    /// Compiles the design with Icarus and runs the testbench; one array of output hex
    /// strings per sample, keyed by output name.
    func runWithIcarus(in directory: ScratchDirectory, iverilog: ExternalTool, vvp: ExternalTool) throws -> [[String: String]] {
        let design = try VerilogEmitter().emitFiles(module).map { (name: $0.fileName, text: $0.text) }
        let names = try directory.write(design + [(name: "tb.v", text: text)])
        let compile = try iverilog.run(["-g2005", "-o", "sim.vvp", "-s", "tb"] + names, in: directory.url)
        guard compile.status == 0 else { throw TestbenchFailure(log: compile.output) }
        let run = try vvp.run(["-n", "sim.vvp"], in: directory.url)
        guard run.status == 0 else { throw TestbenchFailure(log: run.output) }
        return parse(run.output)
    }

    func parse(_ output: String) -> [[String: String]] {
        output.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("VCD") && !$0.contains("$finish") }.map { line in
            let fields = line.split(separator: " ").map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(outputs.map(\.name), fields))
        }
    }
}

struct TestbenchFailure: Error, CustomStringConvertible {
    let log: String
    var description: String { "simulation failed:\n\(log)" }
}

/// A small deterministic generator (SplitMix64) so simulations use the same vectors on
/// every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
