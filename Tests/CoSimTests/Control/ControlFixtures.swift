// The control slave under test, wrapped with a small hand-written fake kernel core, and a
// deliberately broken AXI4-Lite slave that proves the driver's checks can fail.
import Accel
import CoSim
import HDL

enum ControlFixtures {
    /// The kernel arguments of the test kernel: scalars and pointers interleaved.
    static let arguments: [KernelArgument] = [.scalar("length"), .pointer("source"), .scalar("mode"), .pointer("dest")]
    static let registers = Result { try ControlRegisters(kernel: "test", arguments: arguments) }
    static let port = AXILiteSlavePort("s_axi_control", addressWidth: 12, interrupt: "interrupt")

    /// A core that takes `length[7:0] + 1` enabled cycles per run: it starts when idle and
    /// ap_start is high, reports the arguments it latched on a one-cycle `out_valid` record,
    /// and raises ap_done and ap_ready together in its last cycle (ap_ctrl_hs). The top wraps
    /// it with the emitted control slave; `in_valid` is unused (the vector protocol only
    /// collects records).
    static let wrapper = """
        module fake_core (
            input wire clk,
            input wire ce,
            input wire rst_n,
            input wire ap_start,
            output wire ap_done,
            output wire ap_ready,
            output wire ap_idle,
            input wire [31:0] length,
            input wire [63:0] source,
            input wire [31:0] mode,
            input wire [63:0] dest,
            output reg out_valid,
            output reg [31:0] seen_length,
            output reg [63:0] seen_source,
            output reg [31:0] seen_mode,
            output reg [63:0] seen_dest
        );
            reg busy;
            reg [7:0] count;
            wire finishing = busy && count == 8'd0;
            assign ap_done = finishing;
            assign ap_ready = finishing;
            assign ap_idle = !busy;
            always @(posedge clk) begin
                if (!rst_n) begin
                    busy <= 1'b0;
                    count <= 8'd0;
                    out_valid <= 1'b0;
                end else if (ce) begin
                    out_valid <= 1'b0;
                    if (!busy && ap_start) begin
                        busy <= 1'b1;
                        count <= length[7:0];
                        out_valid <= 1'b1;
                        seen_length <= length;
                        seen_source <= source;
                        seen_mode <= mode;
                        seen_dest <= dest;
                    end else if (busy) begin
                        if (count == 8'd0) busy <= 1'b0;
                        else count <= count - 8'd1;
                    end
                end
            end
        endmodule

        module control_top (
            input wire clk,
            input wire ce,
            input wire rst_n,
            input wire in_valid,
            input wire s_axi_control_awvalid,
            output wire s_axi_control_awready,
            input wire [11:0] s_axi_control_awaddr,
            input wire s_axi_control_wvalid,
            output wire s_axi_control_wready,
            input wire [31:0] s_axi_control_wdata,
            input wire [3:0] s_axi_control_wstrb,
            output wire s_axi_control_bvalid,
            input wire s_axi_control_bready,
            output wire [1:0] s_axi_control_bresp,
            input wire s_axi_control_arvalid,
            output wire s_axi_control_arready,
            input wire [11:0] s_axi_control_araddr,
            output wire s_axi_control_rvalid,
            input wire s_axi_control_rready,
            output wire [31:0] s_axi_control_rdata,
            output wire [1:0] s_axi_control_rresp,
            output wire interrupt,
            output wire out_valid,
            output wire [31:0] seen_length,
            output wire [63:0] seen_source,
            output wire [31:0] seen_mode,
            output wire [63:0] seen_dest
        );
            wire ap_start, ap_done, ap_ready, ap_idle;
            wire [31:0] length, mode;
            wire [63:0] source, dest;
            \(moduleName) control (
                .clk(clk), .ce(ce), .rst_n(rst_n),
                .s_axi_control_awvalid(s_axi_control_awvalid), .s_axi_control_awready(s_axi_control_awready),
                .s_axi_control_awaddr(s_axi_control_awaddr),
                .s_axi_control_wvalid(s_axi_control_wvalid), .s_axi_control_wready(s_axi_control_wready),
                .s_axi_control_wdata(s_axi_control_wdata), .s_axi_control_wstrb(s_axi_control_wstrb),
                .s_axi_control_bvalid(s_axi_control_bvalid), .s_axi_control_bready(s_axi_control_bready),
                .s_axi_control_bresp(s_axi_control_bresp),
                .s_axi_control_arvalid(s_axi_control_arvalid), .s_axi_control_arready(s_axi_control_arready),
                .s_axi_control_araddr(s_axi_control_araddr),
                .s_axi_control_rvalid(s_axi_control_rvalid), .s_axi_control_rready(s_axi_control_rready),
                .s_axi_control_rdata(s_axi_control_rdata), .s_axi_control_rresp(s_axi_control_rresp),
                .ap_done(ap_done), .ap_ready(ap_ready), .ap_idle(ap_idle),
                .arg_length(length), .arg_source(source), .arg_mode(mode), .arg_dest(dest),
                .ap_start(ap_start), .interrupt(interrupt)
            );
            fake_core core (
                .clk(clk), .ce(ce), .rst_n(rst_n), .ap_start(ap_start), .ap_done(ap_done), .ap_ready(ap_ready),
                .ap_idle(ap_idle), .length(length), .source(source), .mode(mode), .dest(dest),
                .out_valid(out_valid), .seen_length(seen_length), .seen_source(seen_source), .seen_mode(seen_mode),
                .seen_dest(seen_dest)
            );
        endmodule

        """

    static let moduleName = Module.name("ControlRegisters", parameters: ["kernel": "test"])

    static func design() throws -> DesignUnderTest {
        let module = try registers.get().module()
        var design = DesignUnderTest(
            sources: try VerilogSource.emitted(from: module) + [VerilogSource(fileName: "control_top.v", text: wrapper)],
            topModule: "control_top",
            ports: [.input("clk", width: 1), .input("ce", width: 1), .input("rst_n", width: 1), .input("in_valid", width: 1)]
                + port.designPorts
                + [.output("interrupt", width: 1), .output("out_valid", width: 1), .output("seen_length", width: 32),
                   .output("seen_source", width: 64), .output("seen_mode", width: 32), .output("seen_dest", width: 64)],
            clock: "clk", clockEnable: "ce", reset: .activeLow("rst_n"))
        design.axiLitePorts = [port]
        return design
    }

    /// An AXI4-Lite slave with a data register at 0x0 and a bug-mode register at 0x4 that
    /// makes it break the protocol from the next transaction on: 1 drops rvalid after one
    /// cycle even when rready is low, 2 raises bvalid right after the AW handshake (before W).
    /// One build serves every bug: the script selects it.
    static let brokenSlave: DesignUnderTest = {
        let verilog = """
            module broken_slave (
                input wire clk,
                input wire rst,
                input wire s_axi_x_awvalid,
                output wire s_axi_x_awready,
                input wire [3:0] s_axi_x_awaddr,
                input wire s_axi_x_wvalid,
                output wire s_axi_x_wready,
                input wire [31:0] s_axi_x_wdata,
                input wire [3:0] s_axi_x_wstrb,
                output reg s_axi_x_bvalid,
                input wire s_axi_x_bready,
                output wire [1:0] s_axi_x_bresp,
                input wire s_axi_x_arvalid,
                output wire s_axi_x_arready,
                input wire [3:0] s_axi_x_araddr,
                output reg s_axi_x_rvalid,
                input wire s_axi_x_rready,
                output reg [31:0] s_axi_x_rdata,
                output wire [1:0] s_axi_x_rresp,
                output reg [31:0] value
            );
                reg have_aw, have_w;
                reg [3:0] address;
                reg [31:0] data;
                reg [1:0] bug;
                wire aw_handshake = s_axi_x_awvalid && s_axi_x_awready;
                assign s_axi_x_awready = !have_aw && !s_axi_x_bvalid;
                assign s_axi_x_wready = !have_w && !s_axi_x_bvalid;
                assign s_axi_x_bresp = 2'b00;
                assign s_axi_x_arready = !s_axi_x_rvalid;
                assign s_axi_x_rresp = 2'b00;
                always @(posedge clk) begin
                    if (rst) begin
                        have_aw <= 1'b0; have_w <= 1'b0; s_axi_x_bvalid <= 1'b0; s_axi_x_rvalid <= 1'b0;
                        value <= 32'd0; bug <= 2'd0;
                    end else begin
                        if (aw_handshake) begin have_aw <= 1'b1; address <= s_axi_x_awaddr; end
                        if (s_axi_x_wvalid && s_axi_x_wready) begin have_w <= 1'b1; data <= s_axi_x_wdata; end
                        if (!s_axi_x_bvalid && ((have_aw && have_w) || (bug == 2'd2 && aw_handshake))) begin
                            s_axi_x_bvalid <= 1'b1;
                            if (have_aw && have_w) begin
                                have_aw <= 1'b0; have_w <= 1'b0;
                                if (address == 4'd4) bug <= data[1:0]; else value <= data;
                            end
                        end else if (s_axi_x_bready) s_axi_x_bvalid <= 1'b0;
                        if (s_axi_x_arvalid && s_axi_x_arready) begin s_axi_x_rvalid <= 1'b1; s_axi_x_rdata <= value; end
                        else if (s_axi_x_rready || (bug == 2'd1 && s_axi_x_rvalid)) s_axi_x_rvalid <= 1'b0;
                    end
                end
            endmodule

            """
        let port = AXILiteSlavePort("s_axi_x", addressWidth: 4)
        var design = DesignUnderTest(
            verilog: verilog, topModule: "broken_slave",
            ports: [.input("clk", width: 1), .input("rst", width: 1)] + port.designPorts + [.output("value", width: 32)],
            clock: "clk", reset: .activeHigh("rst"))
        design.axiLitePorts = [port]
        return design
    }()
}

enum ControlModels {
    static let control = Result { () throws -> CoSimModel in
        try CoSimModel.build(ControlFixtures.design(), protocol: .valid(inValid: "in_valid", outValid: "out_valid"))
    }
    static let brokenSlave = Result { () throws(CoSimError) -> CoSimModel in
        try CoSimModel.build(ControlFixtures.brokenSlave, protocol: .pipeline(latency: 0))
    }
}
