// Small helpers to find and run the external tools CoSim drives.
import Foundation

enum ProcessRunner {
    /// Finds an executable by name on PATH (or accepts an explicit path).
    static func locate(_ name: String) -> URL? {
        let manager = FileManager.default
        if name.contains("/") {
            return manager.isExecutableFile(atPath: name) ? URL(fileURLWithPath: name) : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if manager.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Runs a tool to completion with stdout and stderr sent to `logFile` (a file, so a
    /// chatty tool can never block on a full pipe). Returns the exit status.
    static func run(_ executable: URL, _ arguments: [String], in directory: URL, logFile: URL) throws(CoSimError) -> Int32 {
        guard FileManager.default.createFile(atPath: logFile.path, contents: nil),
              let log = FileHandle(forWritingAtPath: logFile.path)
        else { throw .io("cannot create log file \(logFile.path)") }
        defer { try? log.close() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .io("cannot start \(executable.path): \(error)")
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs a tool and returns its stdout as text (for short queries like --version).
    static func capture(_ executable: URL, _ arguments: [String]) throws(CoSimError) -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .io("cannot start \(executable.path): \(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .io("\(executable.path) \(arguments.joined(separator: " ")) exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
