import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shared stories260K data and one small `.rce` made once by `rcegen compress` for the
/// command tests (2:4 magnitude + W2 RTN: no calibration, about a second).
enum ModelFixtures {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("../shared/data").standardizedFileURL.path
    static let available = FileManager.default.fileExists(atPath: data + "/stories260K.bin")
    static let checkpoint = data + "/stories260K.bin"
    static let tokenizer = data + "/tok512.bin"
    static let calibration = data + "/calib_tokens_128x256_seed0.i32"

    /// A directory for the whole test process, `rcegen-driver-fixtures-<pid>`. Swift Testing
    /// has no suite-wide teardown, so each run removes the ones of processes that are gone.
    static let directory: URL = {
        let manager = FileManager.default, parent = manager.temporaryDirectory, prefix = "rcegen-driver-fixtures-"
        for name in (try? manager.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) {
            if let pid = Int32(name.dropFirst(prefix.count)), kill(pid, 0) != 0 {
                try? manager.removeItem(at: parent.appendingPathComponent(name))
            }
        }
        let url = parent.appendingPathComponent(prefix + String(ProcessInfo.processInfo.processIdentifier))
        try! manager.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// The path of a magnitude + RTN `.rce` of stories260K, nil if the compress run failed.
    static let rce: String? = {
        guard available else { return nil }
        let path = directory.appendingPathComponent("magnitude-rtn.rce").path
        let run = CapturedRun(["compress", "--model", checkpoint, "--prune", "magnitude", "--quantize", "rtn", "--out", path])
        return run.status == 0 ? path : nil
    }()

    /// The first `bytes` bytes of the TinyStories validation text, as a file.
    static func story(bytes: Int) throws -> String {
        let path = directory.appendingPathComponent("story-\(bytes).txt")
        if !FileManager.default.fileExists(atPath: path.path) {
            try Data(contentsOf: URL(fileURLWithPath: data + "/tinystories_val.txt")).prefix(bytes).write(to: path, options: .atomic)
        }
        return path.path
    }

    /// The number after `prefix` in the line of `lines` that starts with it.
    static func number(after prefix: String, in lines: [String]) -> Double? {
        lines.first { $0.hasPrefix(prefix) }.flatMap { Double($0.dropFirst(prefix.count)) }
    }
}
