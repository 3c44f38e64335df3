// Hand-written AXI4 masters the memory-model tests drive: a burst reader with a reorder
// buffer and a burst writer, each taking one command through the valid protocol. Their
// `bug`/`mode` command fields make them break one AXI rule on purpose.
import CoSim

enum AXIFixtures {
    /// Read port of the reader: 512-bit beats, 2-bit IDs.
    static let readPort = AXIMasterPort("m_axi_w", access: .read, dataWidth: 512, idWidth: 2)
    /// Write port of the writer: 256-bit beats, 1-bit IDs.
    static let writePort = AXIMasterPort("m_axi_o", access: .write, dataWidth: 256, idWidth: 1)

    /// Reader bugs selected by `cmd_bug`.
    enum ReaderBug: Int {
        case none = 0
        /// araddr moves on while arvalid is high and arready low.
        case unstableAddress = 1
        /// arsize 5 (32 bytes) on a 64-byte bus.
        case narrowSize = 2
        /// arburst FIXED.
        case fixedBurst = 3
    }

    /// Reads `cmd_beats` 512-bit beats from `cmd_addr` in bursts of `cmd_burst` beats with at
    /// most `cmd_outstanding` bursts in flight; burst k uses ID k mod 2^`cmd_id_bits`. Beats
    /// land in a buffer by (burst, beat), so out-of-order bursts are reassembled; rready is
    /// low when a free-running LFSR's low 3 bits are below `cmd_throttle`. The read repeats
    /// `cmd_passes` times (for long benchmark runs). When every burst of the last pass
    /// is in, the buffer streams out in address order, one beat per enabled cycle, with
    /// `out_error` set if any R beat had a wrong rlast, rresp or rid sequence, or if the
    /// slave changed or dropped a beat the reader was holding back.
    static let reader = DesignUnderTest(
        verilog: """
            module axi_reader (
                input wire clk,
                input wire ce,
                input wire rst,
                input wire in_valid,
                input wire [63:0] cmd_addr,
                input wire [8:0] cmd_beats,
                input wire [8:0] cmd_burst,
                input wire [4:0] cmd_outstanding,
                input wire [1:0] cmd_id_bits,
                input wire [2:0] cmd_throttle,
                input wire [2:0] cmd_bug,
                input wire [15:0] cmd_passes,
                output reg out_valid,
                output reg [8:0] out_index,
                output reg out_error,
                output reg [511:0] out_data,
                output wire m_axi_w_arvalid,
                input wire m_axi_w_arready,
                output wire [63:0] m_axi_w_araddr,
                output wire [7:0] m_axi_w_arlen,
                output wire [2:0] m_axi_w_arsize,
                output wire [1:0] m_axi_w_arburst,
                output wire [1:0] m_axi_w_arid,
                output wire [3:0] m_axi_w_arcache,
                input wire m_axi_w_rvalid,
                output wire m_axi_w_rready,
                input wire [511:0] m_axi_w_rdata,
                input wire [1:0] m_axi_w_rresp,
                input wire m_axi_w_rlast,
                input wire [1:0] m_axi_w_rid
            );
                reg active, draining;
                reg [63:0] base;
                reg [8:0] beats, burst, issued, completed, drained;
                reg [4:0] limit;
                reg [1:0] id_mask;
                reg [2:0] throttle, bug;
                reg [15:0] passes;
                reg [15:0] lfsr;
                reg [7:0] wait_cycles;
                reg [8:0] beat_of_id [0:3];     // next beat of the current burst of each ID
                reg [8:0] bursts_of_id [0:3];   // bursts of each ID completed so far
                reg [511:0] buffer [0:255];
                // The slave's side of the rule: R held while rvalid && !rready.
                reg r_waiting;
                reg [511:0] held_data;
                reg [1:0] held_id;
                reg held_last;
                wire [8:0] bursts = beats / burst;
                wire [1:0] rid = m_axi_w_rid & id_mask;
                wire [8:0] id_shift = id_mask == 2'd0 ? 9'd1 : (id_mask == 2'd1 ? 9'd2 : 9'd4);
                // Burst index of the beat on the R channel: bursts of one ID return in order.
                wire [8:0] r_burst = {7'd0, rid} + bursts_of_id[rid] * id_shift;
                wire [8:0] r_beat = beat_of_id[rid];
                wire [17:0] r_slot = r_burst * burst + r_beat;
                wire [8:0] in_flight = issued - completed;

                assign m_axi_w_arvalid = active && issued < bursts && in_flight < {4'd0, limit};
                assign m_axi_w_araddr = base + {issued * burst, 6'd0} + (bug == 3'd1 ? {50'd0, wait_cycles, 6'd0} : 64'd0);
                assign m_axi_w_arlen = burst - 9'd1;
                assign m_axi_w_arsize = bug == 3'd2 ? 3'd5 : 3'd6;
                assign m_axi_w_arburst = bug == 3'd3 ? 2'd0 : 2'd1;
                assign m_axi_w_arid = issued[1:0] & id_mask;
                assign m_axi_w_arcache = 4'd3;
                assign m_axi_w_rready = active && !(lfsr[2:0] < throttle);
                integer i;
                always @(posedge clk) begin
                    if (rst) begin
                        active <= 1'b0; draining <= 1'b0; out_valid <= 1'b0; out_error <= 1'b0;
                        issued <= 9'd0; completed <= 9'd0; drained <= 9'd0; wait_cycles <= 8'd0;
                        lfsr <= 16'hace1; out_index <= 9'd0; out_data <= 512'd0; r_waiting <= 1'b0;
                        for (i = 0; i < 4; i = i + 1) begin beat_of_id[i] <= 9'd0; bursts_of_id[i] <= 9'd0; end
                    end else if (ce) begin
                        lfsr <= {lfsr[14:0], lfsr[15] ^ lfsr[13] ^ lfsr[12] ^ lfsr[10]};
                        out_valid <= 1'b0;
                        if (in_valid && !active && !draining) begin
                            active <= 1'b1; base <= cmd_addr; beats <= cmd_beats; burst <= cmd_burst;
                            limit <= cmd_outstanding; id_mask <= cmd_id_bits == 2'd0 ? 2'd0 : (cmd_id_bits == 2'd1 ? 2'd1 : 2'd3);
                            throttle <= cmd_throttle; bug <= cmd_bug; passes <= cmd_passes;
                        end
                        if (m_axi_w_arvalid && m_axi_w_arready) begin
                            issued <= issued + 9'd1;
                            wait_cycles <= 8'd0;
                        end else if (m_axi_w_arvalid) begin
                            wait_cycles <= wait_cycles + 8'd1;
                        end
                        r_waiting <= m_axi_w_rvalid && !m_axi_w_rready;
                        held_data <= m_axi_w_rdata; held_id <= m_axi_w_rid; held_last <= m_axi_w_rlast;
                        if (r_waiting && (!m_axi_w_rvalid || m_axi_w_rdata != held_data || m_axi_w_rid != held_id
                            || m_axi_w_rlast != held_last))
                            out_error <= 1'b1;
                        if (m_axi_w_rvalid && m_axi_w_rready) begin
                            buffer[r_slot[7:0]] <= m_axi_w_rdata;
                            if (m_axi_w_rresp != 2'd0 || m_axi_w_rlast != (r_beat == burst - 9'd1) || (m_axi_w_rid & ~id_mask) != 2'd0
                                || r_burst >= bursts)
                                out_error <= 1'b1;
                            if (m_axi_w_rlast) begin
                                beat_of_id[rid] <= 9'd0;
                                bursts_of_id[rid] <= bursts_of_id[rid] + 9'd1;
                                completed <= completed + 9'd1;
                                if (completed + 9'd1 == bursts) begin
                                    // Another pass over the same beats, or the drain.
                                    if (passes > 16'd1) begin
                                        passes <= passes - 16'd1;
                                        issued <= 9'd0;
                                        completed <= 9'd0;
                                        for (i = 0; i < 4; i = i + 1) begin beat_of_id[i] <= 9'd0; bursts_of_id[i] <= 9'd0; end
                                    end else begin
                                        active <= 1'b0;
                                        draining <= 1'b1;
                                    end
                                end
                            end else begin
                                beat_of_id[rid] <= r_beat + 9'd1;
                            end
                        end
                        if (draining) begin
                            out_valid <= 1'b1;
                            out_index <= drained;
                            out_data <= buffer[drained[7:0]];
                            drained <= drained + 9'd1;
                            if (drained + 9'd1 == beats) draining <= 1'b0;
                        end
                    end
                end
            endmodule

            """,
        topModule: "axi_reader",
        ports: [
            .input("clk", width: 1), .input("ce", width: 1), .input("rst", width: 1), .input("in_valid", width: 1),
            .input("cmd_addr", width: 64), .input("cmd_beats", width: 9), .input("cmd_burst", width: 9),
            .input("cmd_outstanding", width: 5), .input("cmd_id_bits", width: 2), .input("cmd_throttle", width: 3),
            .input("cmd_bug", width: 3), .input("cmd_passes", width: 16), .output("out_valid", width: 1), .output("out_index", width: 9),
            .output("out_error", width: 1), .output("out_data", width: 512), .output("m_axi_w_arcache", width: 4),
        ] + readPort.designPorts,
        clock: "clk", clockEnable: "ce", reset: .activeHigh("rst"), axiPorts: [readPort])

    /// Writer modes selected by `cmd_mode`.
    enum WriterMode: Int {
        /// AW before its W beats.
        case addressFirst = 0
        /// All W beats of a burst before its AW (legal AXI).
        case dataFirst = 1
        /// Bug: wlast one beat early.
        case earlyLast = 2
        /// Bug: wdata changes while wvalid is high and wready low.
        case unstableData = 3
    }

    /// Writes `cmd_beats` 256-bit beats from `cmd_addr` in bursts of `cmd_burst` (IDs
    /// alternate 0, 1; at most 4 bursts in flight). 32-bit word w of the stream (w = beat * 8 + j)
    /// is (`cmd_seed` + w) * 0x9E3779B1; with `cmd_strobes` set, even beats write only the low
    /// nibble-bytes (wstrb 0x0f0f0f0f) and odd beats the others. bready is low when the
    /// LFSR's bit 0 is set and `cmd_throttle` is. After the last B response, one output:
    /// the response count and an error flag (bresp not OKAY, bid out of order, or a response
    /// changed or dropped while bready was low).
    static let writer = DesignUnderTest(
        verilog: """
            module axi_writer (
                input wire clk,
                input wire ce,
                input wire rst,
                input wire in_valid,
                input wire [63:0] cmd_addr,
                input wire [8:0] cmd_beats,
                input wire [8:0] cmd_burst,
                input wire [31:0] cmd_seed,
                input wire cmd_strobes,
                input wire cmd_throttle,
                input wire [1:0] cmd_mode,
                output reg out_valid,
                output reg [8:0] out_responses,
                output reg out_error,
                output wire m_axi_o_awvalid,
                input wire m_axi_o_awready,
                output wire [63:0] m_axi_o_awaddr,
                output wire [7:0] m_axi_o_awlen,
                output wire [2:0] m_axi_o_awsize,
                output wire [1:0] m_axi_o_awburst,
                output wire [0:0] m_axi_o_awid,
                output wire m_axi_o_wvalid,
                input wire m_axi_o_wready,
                output wire [255:0] m_axi_o_wdata,
                output wire [31:0] m_axi_o_wstrb,
                output wire m_axi_o_wlast,
                input wire m_axi_o_bvalid,
                output wire m_axi_o_bready,
                input wire [1:0] m_axi_o_bresp,
                input wire [0:0] m_axi_o_bid
            );
                reg active;
                reg [63:0] base;
                reg [8:0] beats, burst, aw_sent, w_sent, w_beat, w_bursts, responses;
                reg [31:0] seed;
                reg strobes, throttle;
                reg [1:0] mode;
                reg [15:0] lfsr;
                reg b_waiting;
                reg [0:0] held_bid;
                reg [31:0] w_wait;
                wire [8:0] bursts = beats / burst;
                assign m_axi_o_awvalid = active && aw_sent < bursts && (aw_sent - responses) < 9'd4
                    && (mode != 2'd1 || aw_sent < w_bursts);
                assign m_axi_o_awaddr = base + {aw_sent * burst, 5'd0};
                assign m_axi_o_awlen = burst - 9'd1;
                assign m_axi_o_awsize = 3'd5;
                assign m_axi_o_awburst = 2'd1;
                assign m_axi_o_awid = aw_sent[0];
                assign m_axi_o_wvalid = active && w_sent < beats && (mode == 2'd1 || w_bursts < aw_sent);
                genvar j;
                generate
                    for (j = 0; j < 8; j = j + 1) begin : words
                        assign m_axi_o_wdata[32 * j +: 32] = (seed + {20'd0, w_sent, 3'd0} + j) * 32'h9E3779B1
                            ^ (mode == 2'd3 ? w_wait : 32'd0);
                    end
                endgenerate
                assign m_axi_o_wstrb = !strobes ? 32'hffffffff : (w_sent[0] ? 32'hf0f0f0f0 : 32'h0f0f0f0f);
                assign m_axi_o_wlast = mode == 2'd2 ? (w_beat + 9'd2 == burst) : (w_beat + 9'd1 == burst);
                assign m_axi_o_bready = active && !(throttle && lfsr[0]);
                always @(posedge clk) begin
                    if (rst) begin
                        active <= 1'b0; out_valid <= 1'b0; out_error <= 1'b0; out_responses <= 9'd0;
                        aw_sent <= 9'd0; w_sent <= 9'd0; w_beat <= 9'd0; w_bursts <= 9'd0; responses <= 9'd0;
                        lfsr <= 16'h1d2b; b_waiting <= 1'b0; w_wait <= 32'd0;
                    end else if (ce) begin
                        lfsr <= {lfsr[14:0], lfsr[15] ^ lfsr[13] ^ lfsr[12] ^ lfsr[10]};
                        out_valid <= 1'b0;
                        if (in_valid && !active && responses == 9'd0) begin
                            active <= 1'b1; base <= cmd_addr; beats <= cmd_beats; burst <= cmd_burst; seed <= cmd_seed;
                            strobes <= cmd_strobes; throttle <= cmd_throttle; mode <= cmd_mode;
                        end
                        if (m_axi_o_awvalid && m_axi_o_awready) aw_sent <= aw_sent + 9'd1;
                        w_wait <= m_axi_o_wvalid && !m_axi_o_wready ? w_wait + 32'd1 : 32'd0;
                        if (m_axi_o_wvalid && m_axi_o_wready) begin
                            w_sent <= w_sent + 9'd1;
                            if (w_beat + 9'd1 == burst) begin w_beat <= 9'd0; w_bursts <= w_bursts + 9'd1; end
                            else w_beat <= w_beat + 9'd1;
                        end
                        b_waiting <= m_axi_o_bvalid && !m_axi_o_bready;
                        held_bid <= m_axi_o_bid;
                        if (b_waiting && (!m_axi_o_bvalid || m_axi_o_bid != held_bid)) out_error <= 1'b1;
                        if (m_axi_o_bvalid && m_axi_o_bready) begin
                            responses <= responses + 9'd1;
                            if (m_axi_o_bresp != 2'd0 || m_axi_o_bid != responses[0]) out_error <= 1'b1;
                            if (responses + 9'd1 == bursts) begin
                                active <= 1'b0;
                                out_valid <= 1'b1;
                                out_responses <= responses + 9'd1;
                            end
                        end
                    end
                end
            endmodule

            """,
        topModule: "axi_writer",
        ports: [
            .input("clk", width: 1), .input("ce", width: 1), .input("rst", width: 1), .input("in_valid", width: 1),
            .input("cmd_addr", width: 64), .input("cmd_beats", width: 9), .input("cmd_burst", width: 9),
            .input("cmd_seed", width: 32), .input("cmd_strobes", width: 1), .input("cmd_throttle", width: 1),
            .input("cmd_mode", width: 2), .output("out_valid", width: 1), .output("out_responses", width: 9),
            .output("out_error", width: 1),
        ] + writePort.designPorts,
        clock: "clk", clockEnable: "ce", reset: .activeHigh("rst"), axiPorts: [writePort])

    /// Source port of the copier: 512-bit reads, no IDs.
    static let copySource = AXIMasterPort("m_axi_src", access: .read, dataWidth: 512)
    /// Destination port of the copier: a read/write port whose read channel stays idle.
    static let copyDestination = AXIMasterPort("m_axi_dst", access: .readWrite, dataWidth: 512)

    /// Copies `cmd_beats` (1 to 64) 512-bit beats from `cmd_src` (one read burst through
    /// m_axi_src) to `cmd_dst` (one write burst through m_axi_dst), then outputs `done`.
    static let copier = DesignUnderTest(
        verilog: """
            module axi_copier (
                input wire clk,
                input wire ce,
                input wire rst,
                input wire in_valid,
                input wire [63:0] cmd_src,
                input wire [63:0] cmd_dst,
                input wire [6:0] cmd_beats,
                output reg out_valid,
                output reg done,
                output wire m_axi_src_arvalid,
                input wire m_axi_src_arready,
                output wire [63:0] m_axi_src_araddr,
                output wire [7:0] m_axi_src_arlen,
                output wire [2:0] m_axi_src_arsize,
                output wire [1:0] m_axi_src_arburst,
                input wire m_axi_src_rvalid,
                output wire m_axi_src_rready,
                input wire [511:0] m_axi_src_rdata,
                input wire [1:0] m_axi_src_rresp,
                input wire m_axi_src_rlast,
                output wire m_axi_dst_arvalid,
                input wire m_axi_dst_arready,
                output wire [63:0] m_axi_dst_araddr,
                output wire [7:0] m_axi_dst_arlen,
                output wire [2:0] m_axi_dst_arsize,
                output wire [1:0] m_axi_dst_arburst,
                input wire m_axi_dst_rvalid,
                output wire m_axi_dst_rready,
                input wire [511:0] m_axi_dst_rdata,
                input wire [1:0] m_axi_dst_rresp,
                input wire m_axi_dst_rlast,
                output wire m_axi_dst_awvalid,
                input wire m_axi_dst_awready,
                output wire [63:0] m_axi_dst_awaddr,
                output wire [7:0] m_axi_dst_awlen,
                output wire [2:0] m_axi_dst_awsize,
                output wire [1:0] m_axi_dst_awburst,
                output wire m_axi_dst_wvalid,
                input wire m_axi_dst_wready,
                output wire [511:0] m_axi_dst_wdata,
                output wire [63:0] m_axi_dst_wstrb,
                output wire m_axi_dst_wlast,
                input wire m_axi_dst_bvalid,
                output wire m_axi_dst_bready,
                input wire [1:0] m_axi_dst_bresp
            );
                localparam IDLE = 3'd0, READ_ADDRESS = 3'd1, READ_DATA = 3'd2, WRITE_ADDRESS = 3'd3, WRITE_DATA = 3'd4,
                    WRITE_RESPONSE = 3'd5;
                reg [2:0] state;
                reg [63:0] src, dst;
                reg [6:0] beats, beat;
                reg [511:0] buffer [0:63];
                assign m_axi_src_arvalid = state == READ_ADDRESS;
                assign m_axi_src_araddr = src;
                assign m_axi_src_arlen = {1'b0, beats - 7'd1};
                assign m_axi_src_arsize = 3'd6;
                assign m_axi_src_arburst = 2'd1;
                assign m_axi_src_rready = state == READ_DATA;
                assign m_axi_dst_arvalid = 1'b0;
                assign m_axi_dst_araddr = 64'd0;
                assign m_axi_dst_arlen = 8'd0;
                assign m_axi_dst_arsize = 3'd6;
                assign m_axi_dst_arburst = 2'd1;
                assign m_axi_dst_rready = 1'b0;
                assign m_axi_dst_awvalid = state == WRITE_ADDRESS;
                assign m_axi_dst_awaddr = dst;
                assign m_axi_dst_awlen = {1'b0, beats - 7'd1};
                assign m_axi_dst_awsize = 3'd6;
                assign m_axi_dst_awburst = 2'd1;
                assign m_axi_dst_wvalid = state == WRITE_DATA;
                assign m_axi_dst_wdata = buffer[beat[5:0]];
                assign m_axi_dst_wstrb = 64'hffffffffffffffff;
                assign m_axi_dst_wlast = beat + 7'd1 == beats;
                assign m_axi_dst_bready = state == WRITE_RESPONSE;
                always @(posedge clk) begin
                    if (rst) begin
                        state <= IDLE; out_valid <= 1'b0; done <= 1'b0; beat <= 7'd0;
                    end else if (ce) begin
                        out_valid <= 1'b0;
                        case (state)
                            IDLE: if (in_valid) begin src <= cmd_src; dst <= cmd_dst; beats <= cmd_beats; beat <= 7'd0; state <= READ_ADDRESS; end
                            READ_ADDRESS: if (m_axi_src_arready) state <= READ_DATA;
                            READ_DATA: if (m_axi_src_rvalid) begin
                                buffer[beat[5:0]] <= m_axi_src_rdata;
                                beat <= beat + 7'd1;
                                if (m_axi_src_rlast) begin beat <= 7'd0; state <= WRITE_ADDRESS; end
                            end
                            WRITE_ADDRESS: if (m_axi_dst_awready) state <= WRITE_DATA;
                            WRITE_DATA: if (m_axi_dst_wready) begin
                                beat <= beat + 7'd1;
                                if (m_axi_dst_wlast) state <= WRITE_RESPONSE;
                            end
                            WRITE_RESPONSE: if (m_axi_dst_bvalid) begin
                                state <= IDLE;
                                out_valid <= 1'b1;
                                done <= m_axi_dst_bresp == 2'd0;
                            end
                            default: state <= IDLE;
                        endcase
                    end
                end
            endmodule

            """,
        topModule: "axi_copier",
        ports: [
            .input("clk", width: 1), .input("ce", width: 1), .input("rst", width: 1), .input("in_valid", width: 1),
            .input("cmd_src", width: 64), .input("cmd_dst", width: 64), .input("cmd_beats", width: 7),
            .output("out_valid", width: 1), .output("done", width: 1),
        ] + copySource.designPorts + copyDestination.designPorts,
        clock: "clk", clockEnable: "ce", reset: .activeHigh("rst"), axiPorts: [copySource, copyDestination])
}
