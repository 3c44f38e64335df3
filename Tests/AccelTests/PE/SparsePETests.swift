import Accel
import Numerics
import Testing

@Suite struct SparsePEConfigurationTests {
    @Test(arguments: [
        (0, 32, 1_024, "at least one lane"),
        (8, 48, 1_024, "must be a multiple of the 32 dense columns"),
        (1, 256, 1_024, "a lane's DSP accumulator holds at most 32"),
        (8, 64, 32, "shorter than the group size"),
    ])
    func impossibleConfigurationsAreRejectedWithTheReason(lanes: Int, groupSize: Int, columns: Int, message: String) {
        do {
            _ = try SparsePE(lanes: lanes, maxGroupSize: groupSize, maxColumns: columns)
            Issue.record("expected an error for lanes \(lanes), group \(groupSize), columns \(columns)")
        } catch let error as AccelConfigurationError {
            #expect(error.description.contains(message), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    /// The PE's accumulator widths hold at least what Numerics says a row can reach.
    @Test func rowSumWidthCoversNumericsBound() throws {
        for (lanes, groupSize) in [(8, 32), (4, 64), (2, 256)] {
            let pe = try SparsePE(lanes: lanes, maxGroupSize: groupSize, maxColumns: 11_008)
            #expect(pe.rowSumWidth >= SparseDotProduct.rowSumWidth(columns: 11_008, groupSize: groupSize))
            #expect(pe.promisedDSPs == lanes + 1)
        }
    }

    @Test func moduleHasTheDocumentedPorts() throws {
        let module = try SparsePE(lanes: 8, maxGroupSize: 32, maxColumns: 11_008).module()
        #expect(module.ports.map(\.name) == ["clk", "ce", "rst_n", "in_valid", "activations", "weights", "zero", "mantissa",
                                             "group_last", "row_last", "out_valid", "row_sum"])
        #expect(module.port(named: "activations")?.type.width == 256)
        #expect(module.port(named: "weights")?.type.width == 64)
        #expect(module.submodules.map(\.name) == ["SparseSelector_lanes8", "TwoTermDotLane"])
    }
}
