import CoSim
import Foundation
import Testing

extension CoSimulation {
    @Suite("Port names Verilator renames or cannot find")
    struct PortNamingTests {
        /// `interrupt` (required by Vitis) is renamed `__SYM__interrupt` in Verilator's C++.
        private static let interruptSource = """
            module irq (
                input wire clk,
                input wire [7:0] d,
                output reg [7:0] q,
                /* verilator lint_off SYMRSVDWORD */
                output reg interrupt
                /* verilator lint_on SYMRSVDWORD */
            );
                always @(posedge clk) begin
                    q <= d;
                    interrupt <= d[7];
                end
            endmodule

            """

        @Test func interruptPortIsDrivenThroughItsRenamedMember() throws {
            let design = DesignUnderTest(
                verilog: Self.interruptSource, topModule: "irq",
                ports: [.input("clk", width: 1), .input("d", width: 8), .output("q", width: 8), .output("interrupt", width: 1)],
                clock: "clk")
            let model = try CoSimModel.build(design, protocol: .pipeline(latency: 1))
            let vectors: [[String: PortValue]] = (0 ..< 256).map { ["d": PortValue($0)] }
            let expected: [[String: PortValue]] = (0 ..< 256).map { ["q": PortValue($0), "interrupt": PortValue($0 >> 7)] }
            let report = try model.run(vectors: vectors, expected: expected, options: CoSimRunOptions(seed: 1))
            #expect(report.passed, "\(report)")
        }

        @Test func portMissingFromTheVerilogFailsTheBuildNamingIt() throws {
            let design = DesignUnderTest(
                verilog: Self.interruptSource, topModule: "irq",
                ports: [.input("clk", width: 1), .input("d", width: 8), .output("q", width: 8), .output("irq_out", width: 1)],
                clock: "clk")
            let error = try #require(#expect(throws: CoSimError.self) {
                try CoSimModel.build(design, protocol: .pipeline(latency: 1))
            })
            guard case .buildFailed(_, let head, _) = error else {
                Issue.record("expected buildFailed, got \(error)")
                return
            }
            #expect(head.contains("port_irq_out"), "\(error)")
        }
    }
}
