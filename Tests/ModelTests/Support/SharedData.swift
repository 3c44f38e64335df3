import Foundation

/// The shared real data (`../shared/data` beside the package root), or nil when absent so
/// tests can skip with a message instead of failing on machines without it.
enum SharedData {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // ModelTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("../shared/data").standardizedFileURL

    /// Path of `name`, or nil (with a note on stderr) when the file is missing.
    static func path(_ name: String) -> String? {
        let path = directory.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            FileHandle.standardError.write(Data("skipping: shared data file \(path) is absent\n".utf8))
            return nil
        }
        return path
    }

    static var available: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("stories260K.bin").path) }
}
