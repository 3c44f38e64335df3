import Accel
import HDL
import Testing

/// The float units' configurations, ports and promises, without simulating them.
@Suite struct FloatUnitStructureTests {
    @Test(arguments: [1, 65, 0])
    func integerWidthsOutsideTwoToSixtyFourAreRejected(width: Int) {
        #expect(throws: AccelConfigurationError.self) { try IntegerToFloat32(width: width) }
        do {
            _ = try RowScaleUnit(rowSumWidth: width)
            Issue.record("expected an error for row-sum width \(width)")
        } catch let error as AccelConfigurationError {
            #expect(error.description.contains("2...64 bits, got \(width)"), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test(arguments: [0, 65])
    func quantizerLaneCountsOutsideOneToSixtyFourAreRejected(lanes: Int) {
        do {
            _ = try ActivationQuantizerUnit(lanes: lanes)
            Issue.record("expected an error for \(lanes) lanes")
        } catch let error as AccelConfigurationError {
            #expect(error.description.contains("1...64 values per beat, got \(lanes)"), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func modulesHaveTheDocumentedPorts() throws {
        func ports(_ module: Module) -> [String] { module.ports.map { "\($0.name):\($0.type.width)" } }
        #expect(ports(try IntegerToFloat32(width: 35).module()) == ["clk:1", "ce:1", "x:35", "y:32"])
        #expect(ports(try Float32Multiplier.module()) == ["clk:1", "ce:1", "a:32", "b:32", "p:32"])
        #expect(ports(try Float32Divider.module()) == ["clk:1", "ce:1", "a:32", "b:32", "q:32"])
        #expect(ports(try RowScaleUnit(rowSumWidth: 35).module())
            == ["clk:1", "ce:1", "rst_n:1", "in_valid:1", "row_sum:35", "row_scale:32", "activation_scale:32", "out_valid:1", "y:32"])
        #expect(ports(try ActivationQuantizerUnit(lanes: 8).module())
            == ["clk:1", "ce:1", "rst_n:1", "in_valid:1", "values:256", "last:1", "out_valid:1", "codes:64", "scale:32", "codes_last:1"])
        #expect(try IntegerToFloat32(width: 35).module().port(named: "x")?.type.isSigned == true)
        #expect(try RowScaleUnit(rowSumWidth: 35).module().port(named: "row_sum")?.type.isSigned == true)
    }

    @Test func compositeUnitsAreBuiltFromTheBlocks() throws {
        #expect(try RowScaleUnit(rowSumWidth: 35).module().submodules.map(\.name) == ["IntegerToFloat32_w35", "Float32Multiplier"])
        #expect(try ActivationQuantizerUnit(lanes: 4).module().submodules.map(\.name) == ["Float32Divider", "Float32Multiplier"])
    }

    /// Latencies and DSP promises follow from the blocks' own figures.
    @Test func latenciesAndPromisedDSPs() throws {
        #expect(IntegerToFloat32.latency == 4)
        #expect(Float32Multiplier.latency == 6)
        #expect(Float32Divider.latency == 32)
        #expect(RowScaleUnit.latency == 16)
        #expect(try RowScaleUnit(rowSumWidth: 35).promisedDSPs == 4)
        #expect(try IntegerToFloat32(width: 64).promisedDSPs == 0)
        #expect(Float32Multiplier.promisedDSPs == 2)
        #expect(Float32Divider.promisedDSPs == 0)
        for (lanes, latency) in [(1, 41), (2, 42), (3, 43), (8, 44), (9, 45)] {
            let unit = try ActivationQuantizerUnit(lanes: lanes)
            #expect(unit.latency == latency, "\(lanes) lanes")
            #expect(unit.promisedDSPs == 2 * lanes)
        }
    }

    @Test func emittedVerilogIsDeterministic() throws {
        let emitter = VerilogEmitter()
        let first = try emitter.emit(try ActivationQuantizerUnit(lanes: 3).module())
        let second = try emitter.emit(try ActivationQuantizerUnit(lanes: 3).module())
        #expect(first == second)
        #expect(first.keys.sorted() == ["ActivationQuantizerUnit_lanes3.v", "Float32Divider.v", "Float32Multiplier.v"])
    }
}
