// Small hand-written Verilog designs the co-simulation tests drive.
import CoSim

enum Fixtures {
    static let verilatorMissing = "verilator is not on PATH; install it (make tools) to run the co-simulation tests"

    /// Signed 8x8 multiplier, registered inputs and output, clock enable, active-high reset:
    /// latency 2. `flipAt` injects a bug: bit 2 of the product flips for that one input pair.
    static func multiplier(name: String = "mul8", flipAt: (Int, Int)? = nil) -> DesignUnderTest {
        let product = flipAt.map { "(a_r == \(literal($0.0)) && b_r == \(literal($0.1))) ? (a_r * b_r) ^ 16'sd4 : a_r * b_r" }
            ?? "a_r * b_r"
        let verilog = """
            module \(name) (
                input wire clk,
                input wire ce,
                input wire rst,
                input wire signed [7:0] a,
                input wire signed [7:0] b,
                output reg signed [15:0] p
            );
                reg signed [7:0] a_r;
                reg signed [7:0] b_r;
                always @(posedge clk) begin
                    if (rst) begin
                        a_r <= 8'sd0;
                        b_r <= 8'sd0;
                        p <= 16'sd0;
                    end else if (ce) begin
                        a_r <= a;
                        b_r <= b;
                        p <= \(product);
                    end
                end
            endmodule

            """
        return DesignUnderTest(
            verilog: verilog, topModule: name,
            ports: [
                .input("clk", width: 1), .input("ce", width: 1), .input("rst", width: 1),
                .input("a", width: 8, signed: true), .input("b", width: 8, signed: true),
                .output("p", width: 16, signed: true),
            ],
            clock: "clk", clockEnable: "ce", reset: .activeHigh("rst"))
    }

    /// a * b + c on three signed 8-bit inputs, one register stage with clock enable (latency 1).
    static let multiplyAdd = DesignUnderTest(
        verilog: """
            module mul_add8 (
                input wire clk,
                input wire ce,
                input wire signed [7:0] a,
                input wire signed [7:0] b,
                input wire signed [7:0] c,
                output reg signed [16:0] y
            );
                always @(posedge clk) begin
                    if (ce) y <= a * b + c;
                end
            endmodule

            """,
        topModule: "mul_add8",
        ports: [
            .input("clk", width: 1), .input("ce", width: 1), .input("a", width: 8, signed: true),
            .input("b", width: 8, signed: true), .input("c", width: 8, signed: true), .output("y", width: 17, signed: true),
        ],
        clock: "clk", clockEnable: "ce")

    /// Accumulates four signed inputs (taken when in_valid is high), then presents the sum
    /// with out_valid for one enabled cycle. Active-low reset.
    static let accumulator = DesignUnderTest(
        verilog: """
            module acc4 (
                input wire clk,
                input wire ce,
                input wire rst_n,
                input wire in_valid,
                input wire signed [7:0] x,
                output reg out_valid,
                output reg signed [11:0] sum
            );
                reg [1:0] count;
                reg signed [11:0] acc;
                always @(posedge clk) begin
                    if (!rst_n) begin
                        count <= 2'd0;
                        acc <= 12'sd0;
                        out_valid <= 1'b0;
                        sum <= 12'sd0;
                    end else if (ce) begin
                        out_valid <= 1'b0;
                        if (in_valid) begin
                            if (count == 2'd3) begin
                                sum <= acc + x;
                                out_valid <= 1'b1;
                                acc <= 12'sd0;
                                count <= 2'd0;
                            end else begin
                                acc <= acc + x;
                                count <= count + 2'd1;
                            end
                        end
                    end
                end
            endmodule

            """,
        topModule: "acc4",
        ports: [
            .input("clk", width: 1), .input("ce", width: 1), .input("rst_n", width: 1), .input("in_valid", width: 1),
            .input("x", width: 8, signed: true), .output("out_valid", width: 1), .output("sum", width: 12, signed: true),
        ],
        clock: "clk", clockEnable: "ce", reset: .activeLow("rst_n"))

    /// Two register stages (latency 2) over a 200-bit port whose halves are swapped, a
    /// signed 100-bit port passed through, and a 40-bit port incremented. No reset.
    static let widePipe = DesignUnderTest(
        verilog: """
            module wide_pipe (
                input wire clk,
                input wire ce,
                input wire [199:0] d,
                input wire signed [99:0] s,
                input wire [39:0] m,
                output reg [199:0] q,
                output reg signed [99:0] sq,
                output reg [39:0] mq
            );
                reg [199:0] d_r;
                reg signed [99:0] s_r;
                reg [39:0] m_r;
                always @(posedge clk) begin
                    if (ce) begin
                        d_r <= d;
                        s_r <= s;
                        m_r <= m;
                        q <= {d_r[99:0], d_r[199:100]};
                        sq <= s_r;
                        mq <= m_r + 40'd1;
                    end
                end
            endmodule

            """,
        topModule: "wide_pipe",
        ports: [
            .input("clk", width: 1), .input("ce", width: 1), .input("d", width: 200), .input("s", width: 100, signed: true),
            .input("m", width: 40), .output("q", width: 200), .output("sq", width: 100, signed: true), .output("mq", width: 40),
        ],
        clock: "clk", clockEnable: "ce")

    private static func literal(_ value: Int) -> String {
        value < 0 ? "-8'sd\(-value)" : "8'sd\(value)"
    }
}

/// A deterministic generator for test stimulus (splitmix64).
struct TestRandom {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func signed(bits: Int) -> Int {
        Int(Int64(bitPattern: next()) >> Int64(64 - bits))
    }
}
