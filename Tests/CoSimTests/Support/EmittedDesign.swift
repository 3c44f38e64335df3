// Turns a module described with the HDL kit into CoSim's design description.
import CoSim
import HDL

extension VerilogSource {
    /// The emitted Verilog of `module` and its submodules, one source per module.
    static func emitted(from module: Module) throws -> [VerilogSource] {
        try VerilogEmitter().emitFiles(module).map { VerilogSource(fileName: $0.fileName, text: $0.text) }
    }
}

extension DesignUnderTest {
    /// The emitted Verilog of `module` and its submodules, with its ports as the module
    /// declares them.
    init(module: Module, clock: String = "clk", clockEnable: String? = "ce", reset: ResetPort? = nil) throws {
        self.init(
            sources: try VerilogSource.emitted(from: module),
            topModule: module.name,
            ports: module.ports.map { DesignPort($0.name, $0.direction == .input ? .input : .output, width: $0.type.width, signed: $0.type.isSigned) },
            clock: clock, clockEnable: clockEnable, reset: reset)
    }
}

extension CoSimModel {
    /// Builds a Verilator model of an HDL module.
    static func build(_ module: Module, protocol handshake: CoSimProtocol, reset: ResetPort? = nil) throws -> CoSimModel {
        try CoSimModel.build(DesignUnderTest(module: module, reset: reset), protocol: handshake)
    }
}

/// The values tests lean on at the edges of the INT8 and INT2 ranges.
enum EdgeValues {
    static let int8: [Int] = [-128, -127, -1, 0, 1, 126, 127]
    static let int2: [Int] = [-2, -1, 0, 1]
}
