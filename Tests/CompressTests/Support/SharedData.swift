import Foundation

/// The shared real data (../shared/data relative to the package root), or nil with the
/// reason a test prints when it is absent.
enum SharedData {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    /// The path of `name` if the file exists.
    static func path(_ name: String) -> String? {
        let url = directory.appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: url.path) ? url.path : nil
    }
}
