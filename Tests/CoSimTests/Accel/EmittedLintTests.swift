import Accel
import Foundation
import HDL
import Testing

/// Every module `rcegen emit --target u280` writes passes `verilator --lint-only -Wall`
/// with no warning at all (the only waivers are the emitter's per-declaration ones).
@Suite("Lint of the emitted design", .enabled(if: findVerilator() != nil, "verilator is not on PATH; install it (make tools)"))
struct EmittedLintTests {
    @Test func everyEmittedModuleIsLintClean() throws {
        let design = try AcceleratorDesign(.standard(for: .u280))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rcegen-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let emitter = VerilogEmitter()
        let modules = try design.modules()
        for module in modules {
            try Data(emitter.emitModule(module).utf8).write(to: directory.appendingPathComponent("\(module.name).v"))
        }
        let files = modules.map { "\($0.name).v" }
        for module in modules {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try #require(findVerilator()))
            process.arguments = ["--lint-only", "-Wall", "--top-module", module.name] + files
            process.currentDirectoryURL = directory
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0 && output.isEmpty, "\(module.name):\n\(output)")
        }
    }
}

func findVerilator() -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/verilator" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}
