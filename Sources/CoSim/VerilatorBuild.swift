// Builds the Verilator model of a design plus its harness, once per distinct input:
// binaries live in a cache directory named by the SHA-256 of everything that shapes them.
import Foundation

/// How to build co-simulation models.
public struct CoSimBuildOptions: Sendable {
    /// The verilator executable (name looked up on PATH, or a path).
    public var verilator: String
    /// Where built models are cached.
    public var cacheDirectory: URL
    /// Build with `--trace-fst` so runs can write FST waveforms.
    public var waveformSupport: Bool
    /// Extra Verilator arguments (part of the cache key).
    public var extraFlags: [String]

    public init(
        verilator: String = "verilator", cacheDirectory: URL = PackageLocations.defaultCacheDirectory,
        waveformSupport: Bool = false, extraFlags: [String] = []
    ) {
        self.verilator = verilator
        self.cacheDirectory = cacheDirectory
        self.waveformSupport = waveformSupport
        self.extraFlags = extraFlags
    }

    /// The Verilator flags used for every build (sources and the harness are appended).
    var verilatorFlags: [String] {
        var flags = [
            "--cc", "--exe", "--build", "-j", "2", "-O3", "--x-assign", "fast", "--x-initial", "fast",
            // Lint is a separate gate (verilator --lint-only -Wall); here warnings must not stop a run.
            "-Wno-fatal",
            // The generated model and the harness at -O2 instead of -Os run about twice as fast.
            "-MAKEFLAGS", "OPT_FAST=-O2",
        ]
        if waveformSupport { flags += ["--trace-fst", "-CFLAGS", "-DRCEGEN_TRACE"] }
        return flags + extraFlags
    }
}

/// What a build produced and what it cost.
public struct CoSimBuildInfo: Sendable {
    /// SHA-256 cache key (hex).
    public var key: String
    /// Cache entry holding the sources, the harness and the executable.
    public var directory: URL
    /// The harness executable.
    public var executable: URL
    /// True when an existing cache entry was used and Verilator did not run.
    public var cacheHit: Bool
    /// Seconds Verilator took when the entry was built (recorded in the entry).
    public var verilatorSeconds: Double
    /// Whether that build reused Verilator runtime objects compiled by an earlier build.
    public var runtimeReused: Bool
    /// Seconds this call took (hashing, lookup and any build).
    public var elapsedSeconds: Double
    /// `verilator --version` output.
    public var verilatorVersion: String
    /// Whether the model can write FST waveforms.
    public var waveformSupport: Bool
}

enum VerilatorBuild {
    static let executableName = "harness"
    static let infoFileName = "build-info.txt"

    static func build(
        design: DesignUnderTest, harness: GeneratedHarness, options: CoSimBuildOptions
    ) throws(CoSimError) -> CoSimBuildInfo {
        let start = Date()
        let plan = try plan(design: design, harness: harness, options: options)
        let (verilator, version, flags, sources, key) = (plan.verilator, plan.version, plan.flags, plan.sources, plan.key)

        let manager = FileManager.default
        let cache = options.cacheDirectory
        let entry = cache.appendingPathComponent(key)
        if let recorded = recordedBuild(entry) {
            return CoSimBuildInfo(
                key: key, directory: entry, executable: entry.appendingPathComponent(executableName), cacheHit: true,
                verilatorSeconds: recorded.seconds, runtimeReused: recorded.runtimeReused, elapsedSeconds: Date().timeIntervalSince(start), verilatorVersion: version,
                waveformSupport: options.waveformSupport)
        }

        // Build in a private directory and publish it with one atomic rename, so racing
        // processes never see a half-built entry.
        let staging = cache.appendingPathComponent(".staging-\(key.prefix(16))-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for source in sources {
                try Data(source.text.utf8).write(to: staging.appendingPathComponent(source.fileName))
            }
            try Data(harness.source.utf8).write(to: staging.appendingPathComponent("harness.cpp"))
        } catch {
            throw .io("cannot prepare build directory \(staging.path): \(error)")
        }
        let log = staging.appendingPathComponent("verilator.log")
        let runtime = VerilatorRuntimeCache.directory(cache: cache, verilatorVersion: version, flags: options.verilatorFlags)
        let objects = staging.appendingPathComponent("obj")
        try? manager.createDirectory(at: objects, withIntermediateDirectories: true)
        let runtimeArguments = VerilatorRuntimeCache.seed(from: runtime, into: objects)
        let arguments = flags + runtimeArguments + ["--Mdir", "obj"] + sources.map(\.fileName).filter { $0.hasSuffix(".v") || $0.hasSuffix(".sv") } + ["harness.cpp"]
        let buildStart = Date()
        let status = try ProcessRunner.run(verilator, arguments, in: staging, logFile: log)
        let buildSeconds = Date().timeIntervalSince(buildStart)
        guard status == 0, manager.isExecutableFile(atPath: staging.appendingPathComponent("obj/\(executableName)").path) else {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let head = outputHead(output)
            // Keep the failed tree next to the cache for inspection; only the latest per key.
            let failed = cache.appendingPathComponent("failed-\(key)")
            try? manager.removeItem(at: failed)
            let kept = (try? manager.moveItem(at: staging, to: failed)) != nil
            let logPath = kept ? failed.appendingPathComponent("verilator.log").path : log.path
            throw .buildFailed(exitCode: status, outputHead: head, logPath: logPath)
        }
        if runtimeArguments.isEmpty { VerilatorRuntimeCache.publish(from: objects, to: runtime) }
        do {
            try manager.moveItem(at: staging.appendingPathComponent("obj/\(executableName)"), to: staging.appendingPathComponent(executableName))
            // The object files are large and not needed to run; the sources stay for debugging.
            try manager.removeItem(at: staging.appendingPathComponent("obj"))
            let info = "verilator_seconds=\(buildSeconds)\nverilator=\(version)\nflags=\(flags.joined(separator: " "))\n"
                + "runtime_reused=\(!runtimeArguments.isEmpty)\n"
            try Data(info.utf8).write(to: staging.appendingPathComponent(infoFileName))
        } catch {
            throw .io("cannot finish cache entry \(staging.path): \(error)")
        }
        if rename(staging.path, entry.path) != 0 {
            // Another process published the same key first; its binary is equivalent.
            try? manager.removeItem(at: staging)
            guard recordedBuild(entry) != nil else {
                throw .io("cannot publish cache entry \(entry.path) (errno \(errno))")
            }
        }
        return CoSimBuildInfo(
            key: key, directory: entry, executable: entry.appendingPathComponent(executableName), cacheHit: false,
            verilatorSeconds: buildSeconds, runtimeReused: !runtimeArguments.isEmpty, elapsedSeconds: Date().timeIntervalSince(start), verilatorVersion: version,
            waveformSupport: options.waveformSupport)
    }

    /// The first lines of a build log; when the first error comes later (after a run of
    /// warnings), its lines are appended so the cause is always shown.
    static func outputHead(_ output: String) -> String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let limit = 20
        guard let firstError = lines.firstIndex(where: { $0.contains("%Error") || $0.contains("error:") }),
              firstError >= limit
        else { return lines.prefix(limit).joined(separator: "\n") }
        let context = lines[firstError ..< min(lines.count, firstError + limit / 2)]
        return (lines.prefix(limit / 2) + ["..."] + context).joined(separator: "\n")
    }

    struct Plan {
        var verilator: URL
        var version: String
        var flags: [String]
        var sources: [VerilogSource]
        var key: String
    }

    /// Resolves the tool, its version, the full flag list and the cache key of a build.
    static func plan(design: DesignUnderTest, harness: GeneratedHarness, options: CoSimBuildOptions) throws(CoSimError) -> Plan {
        guard let verilator = ProcessRunner.locate(options.verilator) else {
            throw .verilatorNotFound(searched: options.verilator.contains("/") ? options.verilator : "PATH for \(options.verilator)")
        }
        let version = try ProcessRunner.capture(verilator, ["--version"])
        let flags = options.verilatorFlags + ["--prefix", "Vdut", "--top-module", design.topModule, "-o", executableName]
        let sources = design.sources.sorted { $0.fileName < $1.fileName }
        let key = cacheKey(version: version, flags: flags, sources: sources, harness: harness.source)
        return Plan(verilator: verilator, version: version, flags: flags, sources: sources, key: key)
    }

    /// The hash of every input that shapes the binary.
    static func cacheKey(version: String, flags: [String], sources: [VerilogSource], harness: String) -> String {
        var hasher = SHA256()
        hasher.updateField("rcegen-cosim-cache-v1")
        hasher.updateField(version)
        hasher.updateField(flags.joined(separator: "\u{0}"))
        for source in sources {
            hasher.updateField(source.fileName)
            hasher.updateField(source.text)
        }
        hasher.updateField(harness)
        return hasher.hexDigest()
    }

    /// What a complete cache entry recorded about its build.
    private struct RecordedBuild {
        var seconds: Double
        var runtimeReused: Bool
    }

    /// The record of a complete cache entry, or nil when the entry is absent or unfinished.
    private static func recordedBuild(_ entry: URL) -> RecordedBuild? {
        let info = entry.appendingPathComponent(infoFileName)
        guard FileManager.default.isExecutableFile(atPath: entry.appendingPathComponent(executableName).path),
              let text = try? String(contentsOf: info, encoding: .utf8)
        else { return nil }
        var fields: [Substring: Substring] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let seconds = fields["verilator_seconds"].flatMap({ Double($0) }) else { return nil }
        return RecordedBuild(seconds: seconds, runtimeReused: fields["runtime_reused"] == "true")
    }
}
