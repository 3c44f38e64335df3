import Driver
import Foundation

/// Runs the CLI in-process and keeps what it printed.
final class CapturedRun: @unchecked Sendable {
    private(set) var out: [String] = []
    private(set) var err: [String] = []
    private(set) var status: Int32 = -1

    init(_ arguments: [String]) {
        let console = Console(out: { self.out.append($0) }, err: { self.err.append($0) })
        status = CLI.run(arguments, console: console)
    }

    var stdout: String { out.joined(separator: "\n") }
    var stderr: String { err.joined(separator: "\n") }
}

/// A fresh directory under the system temporary directory, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("rcegen-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
