import CoSim
import Testing

/// Checks that need no Verilator: design validation and tool lookup fail before any build.
@Suite("Design description and tool errors")
struct DesignUnderTestTests {
    @Test func missingVerilatorIsAClearError() {
        let options = CoSimBuildOptions(verilator: "/nonexistent/verilator")
        #expect(throws: CoSimError.verilatorNotFound(searched: "/nonexistent/verilator")) {
            try CoSimModel.build(CoSimulation.VerilatorBuildTests.register, protocol: .pipeline(latency: 1), options: options)
        }
        let message = CoSimError.verilatorNotFound(searched: "PATH for verilator").description
        #expect(message.contains("verilator not found"))
    }

    @Test func designErrorsNameTheProblem() {
        var noClock = CoSimulation.VerilatorBuildTests.register
        noClock.clock = "clock"
        #expect(throws: CoSimError.portNotFound(name: "clock", module: "reg8", known: ["clk", "d", "q"])) {
            try CoSimModel.build(noClock, protocol: .pipeline(latency: 1))
        }
        #expect(throws: CoSimError.portNotFound(name: "valid_in", module: "reg8", known: ["clk", "d", "q"])) {
            try CoSimModel.build(CoSimulation.VerilatorBuildTests.register, protocol: .valid(inValid: "valid_in", outValid: "q"))
        }
        var badWidth = CoSimulation.VerilatorBuildTests.register
        badWidth.ports[1].width = 0
        #expect(throws: CoSimError.invalidDesign("port d has width 0; widths start at 1")) {
            try CoSimModel.build(badWidth, protocol: .pipeline(latency: 1))
        }
    }

    @Test func generatedHarnessMovesWidePortsAsWords() throws {
        let source = try CoSimModel.harnessSource(for: Fixtures.widePipe, protocol: .pipeline(latency: 2))
        // 200 bits = 7 words, the top one holding 8 bits; 100 bits = 4 words, 4 bits on top.
        #expect(source.contains("for (int i = 0; i < 7; ++i) port_d(dut, 0)[i] = words[0 + i];"))
        #expect(source.contains("port_d(dut, 0)[6] &= 0xffu;"))
        #expect(source.contains("port_s(dut, 0)[3] &= 0xfu;"))
        #expect(source.contains("port_m(dut, 0) = ((static_cast<uint64_t>(words[12]) << 32) | words[11]) & 0xffffffffffull;"))
        #expect(source.contains("constexpr int kInputWords = 13;"))
        #expect(source.contains("constexpr int kOutputWords = 13;"))
        #expect(!source.contains("{{"))
    }
}
