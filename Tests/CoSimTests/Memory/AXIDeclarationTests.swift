import CoSim
import Testing

/// Declaration and option errors, found before any build (no Verilator needed).
@Suite("AXI memory model: declarations and options")
struct AXIDeclarationTests {
    private func harnessError(_ design: DesignUnderTest) -> String? {
        do {
            _ = try CoSimModel.harnessSource(for: design, protocol: .valid(inValid: "in_valid", outValid: "out_valid"))
            return nil
        } catch {
            return error.description
        }
    }

    @Test func theFixturesGenerate() throws {
        let source = try CoSimModel.harnessSource(for: AXIFixtures.reader, protocol: .valid(inValid: "in_valid", outValid: "out_valid"))
        #expect(source.contains("{\"m_axi_w\", 64, 6, true, false}"))
        #expect(!source.contains("{{"))
    }

    @Test func missingSignalIsNamed() {
        var design = AXIFixtures.reader
        design.ports.removeAll { $0.name == "m_axi_w_rlast" }
        #expect(harnessError(design)?.contains("needs signal m_axi_w_rlast (input, 1 bits)") == true)
    }

    @Test func wrongWidthIsNamed() {
        var design = AXIFixtures.reader
        design.axiPorts = [AXIMasterPort("m_axi_w", access: .read, dataWidth: 256, idWidth: 2)]
        #expect(harnessError(design)?.contains("m_axi_w_rdata must be a 256-bit input, but the design declares a 512-bit input") == true)
    }

    @Test func idSignalsWithoutIdWidthAreRejected() {
        var design = AXIFixtures.reader
        design.axiPorts = [AXIMasterPort("m_axi_w", access: .read, dataWidth: 512, idWidth: 0)]
        #expect(harnessError(design)?.contains("declared without IDs (idWidth 0) but the design has m_axi_w_arid") == true)
    }

    @Test func badDataWidthsAreRejected() {
        for width in [16, 96, 2048] {
            var design = AXIFixtures.reader
            design.axiPorts = [AXIMasterPort("m_axi_w", access: .read, dataWidth: width, idWidth: 2)]
            #expect(harnessError(design)?.contains("data width \(width)") == true, "width \(width)")
        }
    }

    @Test func axiSignalsAreNotDataPorts() throws {
        let source = try CoSimModel.harnessSource(for: AXIFixtures.reader, protocol: .valid(inValid: "in_valid", outValid: "out_valid"))
        // Data inputs: the seven command fields plus cmd_passes; outputs: index, error, data.
        #expect(source.contains("constexpr int kInputPortCount = 8;"))
        #expect(source.contains("constexpr int kOutputWords = \(1 + 1 + 16);"))
    }
}
