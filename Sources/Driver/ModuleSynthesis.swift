import CoSim
import HDL

extension YosysSynthesis {
    /// Synthesizes an HDL module (with its submodules) as emitted, with it as the top.
    static func run(_ module: Module) throws -> SynthesisResult {
        let sources = try VerilogEmitter().emitFiles(module).map { VerilogSource(fileName: $0.fileName, text: $0.text) }
        return try run(sources: sources, top: module.name)
    }
}
