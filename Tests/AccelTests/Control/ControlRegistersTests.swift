import Accel
import HDL
import Testing

@Suite struct ControlRegistersTests {
    /// The offsets Vitis documents for `a, b, c` (pointers) and `n_elements` (a scalar):
    /// 0x10, 0x1C, 0x28 and 0x34 (UG1393/UG1702, "Arguments" of xclbinutil's report).
    @Test func mapMatchesTheVitisExample() {
        let map = ControlRegisterMap(arguments: [.pointer("a"), .pointer("b"), .pointer("c"), .scalar("n_elements")])
        #expect(map.entries.map(\.offset) == [0x10, 0x1C, 0x28, 0x34])
        #expect(map.entries.map(\.bytes) == [8, 8, 8, 4])
        #expect(map.entry(named: "b")?.wordOffsets == [0x1C, 0x20])
        #expect(map.end == 0x3C)
    }

    /// Scalars take one word plus a reserved one (stride 8), as Vitis HLS lays out
    /// `in1, in2` (0x10, 0x18) before a pointer at 0x20.
    @Test func scalarsAndPointersInterleave() {
        let map = ControlRegisterMap(arguments: [.scalar("in1"), .scalar("in2"), .pointer("p"), .scalar("n")])
        #expect(map.entries.map(\.offset) == [0x10, 0x18, 0x20, 0x2C])
        #expect(map.implementedOffsets == [0x00, 0x04, 0x08, 0x0C, 0x10, 0x18, 0x20, 0x24, 0x2C])
        #expect(ControlRegisterMap(arguments: []).end == ControlRegisterMap.firstArgument)
    }

    @Test func portsServeTheHostAndTheCore() throws {
        let registers = try ControlRegisters(kernel: "rce", arguments: [.scalar("rows"), .pointer("weights")])
        let module = try registers.module()
        #expect(module.name == "ControlRegisters_kernelrce")
        let ports = Dictionary(uniqueKeysWithValues: module.ports.map { ($0.name, $0) })
        for name in ["clk", "ce", "rst_n", "ap_done", "ap_ready", "ap_idle", "s_axi_control_awvalid", "s_axi_control_wstrb"] {
            #expect(ports[name]?.direction == .input, "\(name)")
        }
        #expect(ports["arg_rows"]?.direction == .output && ports["arg_rows"]?.width == 32)
        #expect(ports["arg_weights"]?.direction == .output && ports["arg_weights"]?.width == 64)
        #expect(ports["ap_start"]?.direction == .output && ports["interrupt"]?.direction == .output)
        #expect(ports["s_axi_control_awaddr"]?.width == 12 && ports["s_axi_control_rdata"]?.width == 32)
        #expect(!ports.keys.contains { $0.contains("prot") })
    }

    @Test func emittedVerilogIsDeterministic() throws {
        let arguments: [KernelArgument] = [.pointer("x"), .scalar("y")]
        let first = try VerilogEmitter().emit(ControlRegisters(kernel: "k", arguments: arguments).module())
        let second = try VerilogEmitter().emit(ControlRegisters(kernel: "k", arguments: arguments).module())
        #expect(first == second)
        let text = try #require(first["ControlRegisters_kernelk.v"])
        #expect(text.contains("word_01c") && text.contains("word_010") && text.contains("word_014"))
    }

    @Test(arguments: [
        ([KernelArgument.scalar("a"), .pointer("a")], 12, "'a' is given twice"),
        ([KernelArgument.scalar("9lives")], 12, "must be letters, digits and underscores"),
        ([KernelArgument.scalar("a-b")], 12, "must be letters, digits and underscores"),
        ((0 ..< 8).map { KernelArgument.pointer("p\($0)") }, 6, "cannot reach them"),
        ([KernelArgument.scalar("a")], 70, "address width 70"),
    ])
    func impossibleControlSlavesAreRejected(arguments: [KernelArgument], width: Int, message: String) {
        do {
            _ = try ControlRegisters(kernel: "k", arguments: arguments, addressWidth: width)
            Issue.record("expected an error")
        } catch let error as AccelConfigurationError {
            #expect(error.description.contains(message), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
