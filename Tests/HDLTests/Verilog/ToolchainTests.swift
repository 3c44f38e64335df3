import Foundation
import HDL
import Testing

/// The emitted zoo must pass Verilator's strictest lint with no output at all, synthesise
/// with Yosys for UltraScale+, and compile with Icarus as Verilog-2005. Serialized: the
/// tools are heavy and the machine has two cores.
@Suite(.serialized) struct ToolchainTests {
    static let verilator = ExternalTool.find("verilator")
    static let yosys = ExternalTool.find("yosys")
    static let iverilog = ExternalTool.find("iverilog")

    static let zooNames = ["ArithmeticZoo", "RegisterZoo", "MemoryZoo", "HierarchyZoo", "EdgeZoo", "DotProduct_lanes5"]
    /// Synthesis is slow (several seconds per module); the dot product adds nothing new.
    static let synthesisNames = Array(zooNames.dropLast())

    static func zooModule(_ name: String) throws -> Module {
        switch name {
        case "ArithmeticZoo": return try Zoo.arithmetic()
        case "RegisterZoo": return try Zoo.registers()
        case "MemoryZoo": return try Zoo.memories()
        case "EdgeZoo": return try Zoo.edges()
        case "DotProduct_lanes5": return try Zoo.dotProduct(lanes: 5)
        default: return try Zoo.hierarchy()
        }
    }

    /// Writes the module's hierarchy into a fresh directory; returns it and the file names.
    static func emitted(_ name: String) throws -> (ScratchDirectory, [String]) {
        let directory = try ScratchDirectory(name)
        let files = try VerilogEmitter().emitFiles(try zooModule(name)).map { (name: $0.fileName, text: $0.text) }
        return (directory, try directory.write(files))
    }

    @Test(.enabled(if: verilator != nil, "verilator is not installed"), arguments: zooNames)
    func verilatorLintIsSilent(_ name: String) throws {
        let tool = try #require(Self.verilator)
        let (directory, files) = try Self.emitted(name)
        defer { directory.remove() }
        let result = try tool.run(["--lint-only", "-Wall", "--top-module", name] + files, in: directory.url)
        #expect(result.status == 0)
        #expect(result.output == "", "verilator -Wall on \(name):\n\(result.output)")
    }

    @Test(.enabled(if: yosys != nil, "yosys is not installed"), arguments: synthesisNames)
    func yosysSynthesisesForUltraScalePlus(_ name: String) throws {
        let tool = try #require(Self.yosys)
        let (directory, files) = try Self.emitted(name)
        defer { directory.remove() }
        let script = "read_verilog \(files.joined(separator: " ")); synth_xilinx -family xcup -noiopad -noclkbuf -top \(name); tee -q -o stat.json stat -json"
        let result = try tool.run(["-q", "-p", script], in: directory.url)
        #expect(result.status == 0, "yosys on \(name):\n\(result.output)")
        let data = try Data(contentsOf: directory.url.appendingPathComponent("stat.json"))
        let cells = try Self.cellCounts(data, top: name)
        #expect(!cells.isEmpty)
        if name == "MemoryZoo" {
            // The 1024 x 64 RAM must be inferred as block RAM, not flip-flops.
            let blockRAMs = cells.filter { $0.key.hasPrefix("RAMB") }.values.reduce(0, +)
            #expect(blockRAMs >= 2, "cells: \(cells)")
            #expect((cells["FDRE"] ?? 0) < 200, "cells: \(cells)")
        }
    }

    @Test(.enabled(if: iverilog != nil, "iverilog is not installed"), arguments: zooNames)
    func icarusCompilesAsVerilog2005(_ name: String) throws {
        let tool = try #require(Self.iverilog)
        let (directory, files) = try Self.emitted(name)
        defer { directory.remove() }
        let result = try tool.run(["-g2005", "-Wall", "-o", "design.vvp", "-s", name] + files, in: directory.url)
        #expect(result.status == 0)
        #expect(result.output == "", "iverilog on \(name):\n\(result.output)")
    }

    static func cellCounts(_ json: Data, top: String) throws -> [String: Int] {
        let root = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let modules = try #require(root["modules"] as? [String: Any])
        let module = try #require(modules["\\" + top] as? [String: Any])
        return try #require(module["num_cells_by_type"] as? [String: Int])
    }
}
