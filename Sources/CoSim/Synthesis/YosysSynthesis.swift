import Foundation

/// Synthesis checks with Yosys `synth_xilinx`: maps emitted Verilog onto UltraScale+
/// primitives and reads the cell counts from `stat -json` (the text layout of `stat`
/// changes across Yosys versions; the JSON does not).
///
/// Yosys infers DSP48E2 for UltraScale+ but cannot pack pipeline registers or the
/// pre-adder into it, so flip-flop and carry counts come out higher than Vivado's; the
/// DSP count is the meaningful figure.
public enum YosysSynthesis {
    public static var available: Bool { ProcessRunner.locate("yosys") != nil }

    /// Synthesizes `sources` with `top` as the top module for `family` (default `xcup`,
    /// UltraScale+) in a temporary directory.
    public static func run(sources: [VerilogSource], top: String, family: String = "xcup") throws(CoSimError) -> SynthesisResult {
        guard let yosys = ProcessRunner.locate("yosys") else {
            throw .io("yosys not found on PATH; install it (apt-get install yosys, or make tools)")
        }
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("rcegen-synth-\(UUID().uuidString)")
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            for source in sources {
                try Data(source.text.utf8).write(to: directory.appendingPathComponent(source.fileName))
            }
        } catch {
            throw .io("cannot prepare synthesis directory \(directory.path): \(error.localizedDescription)")
        }
        defer { try? manager.removeItem(at: directory) }
        let files = sources.map(\.fileName).sorted().joined(separator: " ")
        let script = "read_verilog -sv \(files); synth_xilinx -family \(family) -noiopad -noclkbuf -top \(top); tee -q -o stat.json stat -json"
        let log = directory.appendingPathComponent("yosys.log")
        let started = Date()
        let status = try ProcessRunner.run(yosys, ["-q", "-p", script], in: directory, logFile: log)
        let seconds = Date().timeIntervalSince(started)
        guard status == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw .io("yosys exited with status \(status) synthesizing \(top):\n\(text.split(separator: "\n").suffix(20).joined(separator: "\n"))")
        }
        let data: Data
        do {
            data = try Data(contentsOf: directory.appendingPathComponent("stat.json"))
        } catch {
            throw .io("yosys wrote no stat.json for \(top)")
        }
        return try SynthesisResult(statJSON: data, top: top, seconds: seconds)
    }
}

/// Cell counts of one synthesis run, per module and rolled up through the hierarchy.
public struct SynthesisResult: Sendable, Equatable {
    public let top: String
    /// Primitive and submodule cells of each module as Yosys reports them.
    public let cellsByModule: [String: [String: Int]]
    public let seconds: Double

    init(statJSON: Data, top: String, seconds: Double) throws(CoSimError) {
        guard let root = try? JSONSerialization.jsonObject(with: Self.modulesOnly(statJSON)) as? [String: Any],
              let modules = root["modules"] as? [String: Any]
        else { throw .io("yosys stat.json for \(top) has no modules object") }
        var cells: [String: [String: Int]] = [:]
        for (name, value) in modules {
            let counts = ((value as? [String: Any])?["num_cells_by_type"] as? [String: Any]) ?? [:]
            cells[Self.plain(name)] = counts.reduce(into: [:]) { $0[Self.plain($1.key)] = ($1.value as? Int) ?? 0 }
        }
        guard cells[top] != nil else { throw .io("yosys stat.json has no module \(top)") }
        self.top = top
        self.cellsByModule = cells
        self.seconds = seconds
    }

    /// The JSON up to and including its `modules` object. Yosys 0.23 prints the text
    /// hierarchy table of a design with submodules inside the `design` object that
    /// follows, which makes the file invalid JSON; only `modules` is needed.
    static func modulesOnly(_ data: Data) -> Data {
        let text = String(decoding: data, as: UTF8.self)
        guard let design = text.range(of: "\"design\":") else { return data }
        var lines = text[..<design.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        while let last = lines.last, !last.contains("}") { lines.removeLast() }
        var head = lines.joined(separator: "\n")
        if head.hasSuffix(",") { head.removeLast() }
        return Data((head + "\n}\n").utf8)
    }

    /// Yosys writes module names as `\Name`; cells name submodules without the backslash.
    private static func plain(_ name: String) -> String { name.hasPrefix("\\") ? String(name.dropFirst()) : name }

    /// Primitive cells of `module` with every submodule instance expanded.
    public func flattenedCells(of module: String? = nil) -> [String: Int] {
        var totals: [String: Int] = [:]
        for (type, count) in cellsByModule[module ?? top] ?? [:] {
            if cellsByModule[type] != nil {
                for (leaf, leafCount) in flattenedCells(of: type) { totals[leaf, default: 0] += count * leafCount }
            } else {
                totals[type, default: 0] += count
            }
        }
        return totals
    }

    /// DSP48E2 cells of the whole design under the top module.
    public var dspCount: Int { flattenedCells()["DSP48E2"] ?? 0 }
}
