import Foundation

struct OutputError: Error, CustomStringConvertible {
    let description: String
}

/// Writes a whole directory of generated files so that a failed run leaves the previous
/// output intact: everything goes into a hidden sibling first, which then replaces the
/// target in two renames.
enum AtomicOutput {
    static func writeDirectory(_ files: [String: String], to path: String) throws {
        let fileManager = FileManager.default
        let target = URL(fileURLWithPath: path).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputError(description: "cannot create directory \(parent.path): \(error.localizedDescription)")
        }
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: target.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw OutputError(description: "output path \(target.path) exists and is not a directory")
        }
        let unique = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).new-\(unique)")
        let retired = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(unique)")
        defer {
            try? fileManager.removeItem(at: staging)
            try? fileManager.removeItem(at: retired)
        }
        do {
            for (name, text) in files.sorted(by: { $0.key < $1.key }) {
                let file = staging.appendingPathComponent(name)
                try fileManager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: file)
            }
            if fileManager.fileExists(atPath: target.path) {
                try fileManager.moveItem(at: target, to: retired)
            }
            try fileManager.moveItem(at: staging, to: target)
        } catch {
            if !fileManager.fileExists(atPath: target.path), fileManager.fileExists(atPath: retired.path) {
                try? fileManager.moveItem(at: retired, to: target)
            }
            throw OutputError(description: "cannot write \(target.path): \(error.localizedDescription)")
        }
    }

    /// Writes one file atomically (temporary file in the same directory, then rename).
    static func writeFile(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw OutputError(description: "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
