import Foundation

/// Runs an installed EDA tool (verilator, yosys, iverilog, vvp) from a test.
struct ExternalTool {
    let path: String

    /// The tool on PATH, or nil when it is not installed (tests then skip with a message).
    static func find(_ name: String) -> ExternalTool? {
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return ExternalTool(path: candidate) }
        }
        return nil
    }

    struct Result {
        let status: Int32
        /// Standard output and standard error together.
        let output: String
    }

    /// Runs the tool in `directory`, waiting for it to finish.
    func run(_ arguments: [String], in directory: URL) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read before waiting so a chatty tool cannot block on a full pipe.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let url: URL

    init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("hdl-\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes each file and returns the file names in the given order.
    @discardableResult
    func write(_ files: [(name: String, text: String)]) throws -> [String] {
        for file in files {
            try file.text.write(to: url.appendingPathComponent(file.name), atomically: true, encoding: .utf8)
        }
        return files.map(\.name)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
