import Accel
import CoSim
import Foundation
import HDL
import Testing

/// Yosys `synth_xilinx -family xcup` over the float units: the DSP48E2 count each one
/// promises, and nothing more (the dividers, the max tree and the rounding stay in fabric).
@Suite("Synthesis: float units DSP48E2 counts", .serialized,
       .enabled(if: YosysSynthesis.available, "yosys is not on PATH; install it (make tools) to run the synthesis checks"))
struct FloatSynthesisTests {
    static func dsps(_ module: Module) throws -> (count: Int, cells: [String: Int]) {
        let result = try YosysSynthesis.run(sources: try VerilogSource.emitted(from: module), top: module.name)
        let cells = result.flattenedCells()
        print("\(module.name): DSP48E2 \(result.dspCount), LUT \(cells.filter { $0.key.hasPrefix("LUT") }.values.reduce(0, +)), "
            + "FF \(cells.filter { $0.key.hasPrefix("FD") }.values.reduce(0, +)), yosys \(result.seconds) s")
        return (result.dspCount, cells)
    }

    /// Each multiplier alone (full scope; in CI the row scale unit's count of 4 for two
    /// multipliers and a multiplier-free converter makes the same point).
    @Test(.enabled(if: FloatTestScope.full)) func multiplierIsTwoDSPs() throws {
        let result = try Self.dsps(try Float32Multiplier.module())
        #expect(result.count == Float32Multiplier.promisedDSPs, "\(result.cells)")
    }

    /// The engine's row-sum width: a converter (no DSP) and two multipliers.
    @Test func rowScaleUnitMatchesItsPromise() throws {
        let width = try MatVecEngine(configuration: .standard(for: .u280)).rowSumWidth
        let unit = try RowScaleUnit(rowSumWidth: width)
        let result = try Self.dsps(try unit.module())
        #expect(result.count == unit.promisedDSPs, "\(result.cells)")
    }

    @Test(.enabled(if: FloatTestScope.full)) func dividerUsesNoDSP() throws {
        let result = try Self.dsps(try Float32Divider.module())
        #expect(result.count == Float32Divider.promisedDSPs, "\(result.cells)")
    }

    /// The engine-width quantizer: two DSPs per lane, none for its two dividers (full scope).
    @Test(.enabled(if: FloatTestScope.full)) func quantizerIsTwoDSPsPerLane() throws {
        let unit = try ActivationQuantizerUnit(lanes: 8)
        let result = try Self.dsps(try unit.module())
        #expect(result.count == unit.promisedDSPs, "\(result.cells)")
    }
}

/// `verilator --lint-only -Wall` is silent on every float unit (they are not in the
/// emitted u280 design yet, so the design-wide lint test does not see them).
@Suite("Lint of the float units", .enabled(if: findVerilator() != nil, "verilator is not on PATH; install it (make tools)"))
struct FloatLintTests {
    @Test func everyFloatUnitIsLintClean() throws {
        let width = try MatVecEngine(configuration: .standard(for: .u280)).rowSumWidth
        let tops = [try IntegerToFloat32(width: 64).module(), try RowScaleUnit(rowSumWidth: width).module(),
                    try ActivationQuantizerUnit(lanes: 8).module(), try ActivationQuantizerUnit(lanes: 1).module()]
        for top in tops {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rcegen-lint-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let sources = try VerilogSource.emitted(from: top)
            for source in sources { try Data(source.text.utf8).write(to: directory.appendingPathComponent(source.fileName)) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(findVerilator()))
            process.arguments = ["--lint-only", "-Wall", "--top-module", top.name] + sources.map(\.fileName)
            process.currentDirectoryURL = directory
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0 && output.isEmpty, "\(top.name):\n\(output)")
        }
    }
}
