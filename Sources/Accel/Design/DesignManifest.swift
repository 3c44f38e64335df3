import Foundation
import HDL

/// `manifest.json`: what was generated, from which parameters, by which generator.
/// Deterministic: sorted keys, no dates or paths, so the file is byte-identical run to run.
struct DesignManifest: Encodable {
    struct TargetEntry: Encodable {
        let name: String
        let part: String
        let platform: String
        let kernelClockHz: Double
        let hbmChannels: Int
        let hbmPortDataWidth: Int
    }

    struct ConfigurationEntry: Encodable {
        let peLanes: Int
        let groupSize: Int
        let maxColumns: Int
        let peRowSumWidth: Int
        let peLatency: Int
        let pePromisedDSPs: Int
    }

    struct PortEntry: Encodable {
        let name: String
        let direction: String
        let width: Int
        let signed: Bool
    }

    struct BlockEntry: Encodable {
        let name: String
        let promisedDSP48E2: Int
    }

    struct ModuleEntry: Encodable {
        let name: String
        let file: String
        let ports: [PortEntry]
        let submodules: [String]
    }

    let generator = "rcegen"
    let version = AcceleratorDesign.generatorVersion
    let target: TargetEntry
    let configuration: ConfigurationEntry
    let blocks: [BlockEntry]
    let modules: [ModuleEntry]

    init(design: AcceleratorDesign, modules: [Module]) {
        let config = design.configuration
        target = TargetEntry(name: config.target.name, part: config.target.part, platform: config.target.platform,
                             kernelClockHz: config.target.kernelClock, hbmChannels: config.target.hbm.channels,
                             hbmPortDataWidth: config.target.hbm.portDataWidth)
        let pe = design.processingElement
        configuration = ConfigurationEntry(peLanes: config.peLanes, groupSize: config.groupSize, maxColumns: config.maxColumns,
                                           peRowSumWidth: pe.rowSumWidth, peLatency: SparsePE.latency,
                                           pePromisedDSPs: pe.promisedDSPs)
        blocks = design.blocks.map { BlockEntry(name: $0.module.name, promisedDSP48E2: $0.promisedDSPs) }
        self.modules = modules.map { module in
            ModuleEntry(name: module.name, file: "rtl/\(module.name).v",
                        ports: module.ports.map {
                            PortEntry(name: $0.name, direction: $0.direction.rawValue,
                                      width: $0.type.width, signed: $0.type.isSigned)
                        },
                        submodules: module.submodules.map(\.name))
        }
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings and numbers cannot fail.
        let data = (try? encoder.encode(self)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
