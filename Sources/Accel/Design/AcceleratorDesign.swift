import HDL

/// The hardware rcegen emits for one configuration: the top-level blocks (each with its
/// submodules), their Verilog, and a manifest describing them.
public struct AcceleratorDesign {
    /// The generator's version, written into every manifest.
    public static let generatorVersion = "0.1.0"

    public let configuration: AcceleratorConfiguration
    public let processingElement: SparsePE
    /// Tokens the prefill engine multiplies with each weight beat.
    public static let prefillTokens = 2

    /// The decode-mode (one token) engine on every HBM port of the configuration.
    public let matVecEngine: MatVecEngine
    /// The prefill-mode engine: two tokens share every weight beat, on every port.
    public let prefillEngine: MatVecEngine
    /// One emitted block and the DSP48E2 count its packing promises (what synthesis
    /// must find).
    public struct Block {
        public let module: Module
        public let promisedDSPs: Int
    }

    /// The blocks emitted, in a fixed order; shared submodules are written once.
    public let blocks: [Block]

    public init(_ configuration: AcceleratorConfiguration) throws {
        self.configuration = configuration
        processingElement = try SparsePE(lanes: configuration.peLanes, maxGroupSize: configuration.groupSize,
                                         maxColumns: configuration.maxColumns)
        matVecEngine = try MatVecEngine(configuration: configuration, ports: configuration.ports)
        prefillEngine = try MatVecEngine(configuration: configuration, tokens: Self.prefillTokens, ports: configuration.ports)
        blocks = [
            Block(module: try SharedOperandLane.module(), promisedDSPs: 1),
            Block(module: try CrossProductLane.module(), promisedDSPs: 1),
            Block(module: try TwoTermDotLane.module(), promisedDSPs: 1),
            Block(module: try SparseSelector.module(lanes: configuration.peLanes), promisedDSPs: 0),
            Block(module: try processingElement.module(), promisedDSPs: processingElement.promisedDSPs),
            Block(module: try matVecEngine.module(), promisedDSPs: matVecEngine.promisedDSPs),
            Block(module: try prefillEngine.module(), promisedDSPs: prefillEngine.promisedDSPs),
        ]
    }

    /// Every distinct module of every block, in emission order, each once.
    public func modules() throws -> [Module] {
        var seen = Set<String>()
        var ordered: [Module] = []
        for block in blocks {
            for module in try block.module.hierarchy() where seen.insert(module.name).inserted {
                ordered.append(module)
            }
        }
        return ordered
    }

    /// The output tree: `rtl/<Module>.v` for every module and `manifest.json`.
    public func files() throws -> [String: String] {
        let emitter = VerilogEmitter()
        var files: [String: String] = [:]
        let modules = try modules()
        for module in modules {
            files["rtl/\(module.name).v"] = emitter.emitModule(module)
        }
        files["manifest.json"] = DesignManifest(design: self, modules: modules).json
        return files
    }
}
