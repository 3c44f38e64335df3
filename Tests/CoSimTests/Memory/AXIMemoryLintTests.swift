import Accel
import Foundation
import HDL
import Testing

/// The write engine and the read multiplexer, in the configurations the accelerator uses
/// and at the edges of their ranges, pass `verilator --lint-only -Wall` with no warning.
@Suite("Lint of the AXI write engine and read multiplexer", .enabled(if: findVerilator() != nil, "verilator is not on PATH; install it (make tools)"))
struct AXIMemoryLintTests {
    static let modules = Result { () throws -> [Module] in
        try [(512, 16, 8), (32, 1, 1), (1024, 4, 3), (128, 8, 64)].map {
            try AXIWriteEngine(name: "results", dataWidth: $0.0, maxBurstBeats: $0.1, maxOutstanding: $0.2).module()
        } + [(2, 512), (3, 512), (4, 512), (3, 32)].map { try AXIReadMux(name: "hbm", sources: $0.0, dataWidth: $0.1).module() }
    }

    @Test(arguments: 0..<8)
    func moduleIsLintClean(index: Int) throws {
        let module = try Self.modules.get()[index]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rcegen-axi-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try VerilogEmitter().emitFiles(module)
        for file in files { try Data(file.text.utf8).write(to: directory.appendingPathComponent(file.fileName)) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(findVerilator()))
        process.arguments = ["--lint-only", "-Wall", "--top-module", module.name] + files.map(\.fileName)
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
