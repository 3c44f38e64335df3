// Where CoSim finds its templates and keeps its build cache.
import Foundation

/// Folders CoSim reads from and writes to, resolved from the environment or this file's place
/// in the repository.
public enum PackageLocations {
    /// The repository root: three levels above this file (Sources/CoSim/PackageLocations.swift).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// `RCEGEN_TEMPLATES` if set, else `<repo>/Templates`.
    public static var templatesDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["RCEGEN_TEMPLATES"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.appendingPathComponent("Templates")
    }

    /// `RCEGEN_COSIM_CACHE` if set, else `<repo>/.build/cosim-cache`.
    public static var defaultCacheDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["RCEGEN_COSIM_CACHE"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.appendingPathComponent(".build").appendingPathComponent("cosim-cache")
    }

    /// The Verilator harness template.
    public static var harnessTemplate: URL {
        templatesDirectory.appendingPathComponent("cosim").appendingPathComponent("harness.cpp.template")
    }

    /// The AXI4 slave memory model the harness template inlines.
    public static var axiMemoryModel: URL {
        templatesDirectory.appendingPathComponent("cosim").appendingPathComponent("axi_memory.h")
    }

    /// The AXI4-Lite master driver the harness template inlines.
    public static var axiLiteMaster: URL {
        templatesDirectory.appendingPathComponent("cosim").appendingPathComponent("axi_lite_master.h")
    }
}
