import Accel
import Foundation
import Testing

@Suite struct EmitCommandTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every file under `directory`, by relative path.
    static func contents(of directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let base = directory.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return files }
        for case let url as URL in walker where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files[String(url.standardizedFileURL.path.dropFirst(base.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }

    @Test func emitWritesRTLAndManifestByteIdenticallyTwice() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("one"), second = directory.appendingPathComponent("two")
        #expect(CapturedRun(["emit", "--target", "u280", "--out", first.path]).status == 0)
        let run = CapturedRun(["emit", "--out=\(second.path)"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("wrote"))
        let one = try Self.contents(of: first), two = try Self.contents(of: second)
        #expect(one == two)
        #expect(one["manifest.json"] != nil)
        let design = try AcceleratorDesign(.standard(for: .u280))
        for module in try design.modules() {
            #expect(one["rtl/\(module.name).v"] != nil, "missing rtl/\(module.name).v")
        }
        let manifest = try #require(one["manifest.json"].flatMap { try JSONSerialization.jsonObject(with: $0) as? [String: Any] })
        #expect(manifest["version"] as? String == AcceleratorDesign.generatorVersion)
        #expect((manifest["modules"] as? [Any])?.count == one.keys.filter { $0.hasPrefix("rtl/") }.count)
    }

    /// The committed `Generated/u280/` is exactly what `rcegen emit --target u280` writes.
    @Test func committedGeneratedTreeIsFresh() throws {
        let committed = Self.packageRoot.appendingPathComponent("Generated/u280")
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fresh = directory.appendingPathComponent("u280")
        #expect(CapturedRun(["emit", "--target", "u280", "--out", fresh.path]).status == 0)
        let expected = try Self.contents(of: fresh), actual = try Self.contents(of: committed)
        let stale = Set(expected.keys).union(actual.keys).filter { expected[$0] != actual[$0] }.sorted()
        #expect(stale.isEmpty, "Generated/u280 is stale in \(stale.joined(separator: ", ")); run `make emit` and commit it")
    }

    /// A run that cannot write leaves the previous output as it was.
    @Test func failedEmitLeavesThePreviousOutputIntact() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("u280")
        #expect(CapturedRun(["emit", "--out", out.path]).status == 0)
        let before = try Self.contents(of: out)
        // A file where the output directory's parent should be: the write must fail.
        let blocked = directory.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocked)
        let failed = CapturedRun(["emit", "--out", blocked.appendingPathComponent("u280").path])
        #expect(failed.status == 1)
        #expect(failed.err.count == 1)
        #expect(failed.stderr.hasPrefix("rcegen emit: error: "))
        // And an unknown target writes nothing over the old tree.
        #expect(CapturedRun(["emit", "--target", "vu9p", "--out", out.path]).status == 2)
        #expect(try Self.contents(of: out) == before)
    }
}
