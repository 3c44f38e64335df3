// Verilator's own runtime (verilated.cpp, verilated_threads.cpp, the FST writer) takes
// about two thirds of the CPU time of a model build and is the same for every design built
// with the same Verilator, compiler and flags. It is compiled once, kept in the cache, and
// copied into later builds, where make is told (--old-file) not to rebuild it.
import Foundation

enum VerilatorRuntimeCache {
    /// The runtime folder for this tool chain and flag set.
    static func directory(cache: URL, verilatorVersion: String, flags: [String]) -> URL {
        var hasher = SHA256()
        hasher.updateField("rcegen-verilator-runtime-v1")
        hasher.updateField(verilatorVersion)
        hasher.updateField(compilerVersion())
        hasher.updateField(flags.joined(separator: "\u{0}"))
        return cache.appendingPathComponent("runtime-" + hasher.hexDigest().prefix(32))
    }

    /// Copies cached runtime objects into the build's object folder and returns the
    /// Verilator arguments that keep make from rebuilding them (empty when none are cached).
    static func seed(from runtime: URL, into objects: URL) -> [String] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: runtime.path).filter(isRuntimeObject).sorted(),
              !names.isEmpty
        else { return [] }
        var arguments: [String] = []
        for name in names {
            guard (try? manager.copyItem(at: runtime.appendingPathComponent(name), to: objects.appendingPathComponent(name))) != nil else {
                return []
            }
            arguments += ["-MAKEFLAGS", "--old-file=\(name)"]
        }
        return arguments
    }

    /// Publishes the runtime objects of a successful build when none are cached yet.
    static func publish(from objects: URL, to runtime: URL) {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: runtime.path),
              let names = try? manager.contentsOfDirectory(atPath: objects.path).filter(isRuntimeObject), !names.isEmpty
        else { return }
        let staging = runtime.deletingLastPathComponent().appendingPathComponent(".staging-runtime-\(UUID().uuidString)")
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for name in names {
                try manager.copyItem(at: objects.appendingPathComponent(name), to: staging.appendingPathComponent(name))
            }
        } catch {
            try? manager.removeItem(at: staging)
            return
        }
        // Losing a race to another publisher is fine: its objects are equivalent.
        if rename(staging.path, runtime.path) != 0 { try? manager.removeItem(at: staging) }
    }

    private static func isRuntimeObject(_ name: String) -> Bool {
        name.hasPrefix("verilated") && name.hasSuffix(".o")
    }

    /// Verilator's makefiles compile with g++ unless CXX says otherwise.
    private static func compilerVersion() -> String {
        let compiler = ProcessInfo.processInfo.environment["CXX"] ?? "g++"
        guard let path = ProcessRunner.locate(compiler), let version = try? ProcessRunner.capture(path, ["--version"]) else {
            return "unknown \(compiler)"
        }
        return version
    }
}
