import Accel
import CoSim
import HDL
import Testing

/// Yosys `synth_xilinx -family xcup` over the emitted blocks: each packed multiply must
/// land on exactly one DSP48E2, so the DSP count equals what the packing promises.
@Suite("Synthesis: DSP48E2 counts", .serialized,
       .enabled(if: YosysSynthesis.available, "yosys is not on PATH; install it (make tools) to run the synthesis checks"))
struct SynthesisTests {
    static func synthesize(_ module: Module) throws -> SynthesisResult {
        try YosysSynthesis.run(sources: try VerilogSource.emitted(from: module), top: module.name)
    }

    @Test func everyPackedLaneIsOneDSP() throws {
        for lane in [try SharedOperandLane.module(), try CrossProductLane.module(), try TwoTermDotLane.module()] {
            let result = try Self.synthesize(lane)
            #expect(result.dspCount == 1, "\(lane.name): \(result.flattenedCells())")
        }
    }

    @Test func selectorUsesNoDSP() throws {
        let result = try Self.synthesize(try SparseSelector.module(lanes: 8))
        #expect(result.dspCount == 0, "\(result.flattenedCells())")
    }

    /// The u280 PE: one DSP per lane (one 2:4 group per cycle each) plus one for the scale.
    @Test func u280ProcessingElementMatchesThePromisedPacking() throws {
        let design = try AcceleratorDesign(.standard(for: .u280))
        let pe = design.processingElement
        let result = try Self.synthesize(try pe.module())
        #expect(result.dspCount == pe.promisedDSPs, "\(result.flattenedCells())")
        #expect(pe.promisedDSPs == 9)
        let cells = result.flattenedCells()
        print("SparsePE u280 (\(pe.lanes) lanes): DSP48E2 \(result.dspCount), LUT \(cells.filter { $0.key.hasPrefix("LUT") }.values.reduce(0, +)), "
            + "FF \(cells.filter { $0.key.hasPrefix("FD") }.values.reduce(0, +)), yosys \(result.seconds) s")
    }
}
