import Accel
import Foundation
import HDL
import Testing

/// The emitted control slave passes `verilator --lint-only -Wall` with no warning, for
/// arguments of both kinds and for a kernel without arguments.
@Suite("Lint of the control slave", .enabled(if: findVerilator() != nil, "verilator is not on PATH; install it (make tools)"))
struct ControlLintTests {
    @Test(arguments: [
        [KernelArgument.scalar("length"), .pointer("source"), .scalar("mode"), .pointer("dest")],
        [],
    ])
    func controlSlaveIsLintClean(arguments: [KernelArgument]) throws {
        let module = try ControlRegisters(kernel: "lint", arguments: arguments).module()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rcegen-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = "\(module.name).v"
        try Data(VerilogEmitter().emitModule(module).utf8).write(to: directory.appendingPathComponent(file))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(findVerilator()))
        process.arguments = ["--lint-only", "-Wall", "--top-module", module.name, file]
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && output.isEmpty, "\(output)")
    }
}
