import HDL
import Testing

@Suite struct CombinationalGraphTests {
    @Test func loopsThroughWiresAreFound() {
        var line = 0
        let errors = elaborationErrors { m in
            let a = m.wire("a", .unsigned(4))
            let b = m.wire("b", .unsigned(4))
            line = #line; a.assign(b &+ 1)
            b.assign(a ^ m.input("x", .unsigned(4)))
            m.output("y", b)
        }
        #expect(errors.map(\.message) == ["combinational loop: 'a' -> 'b' -> 'a'; break it with a register"])
        #expect(errors.first?.location == SourceLocation(fileID: #fileID, line: line))
    }

    @Test func loopsThroughAnInstanceAreFound() throws {
        let passThrough = try Module("PassThrough") { m in
            m.output("y", ~m.input("a", .unsigned(2)))
        }
        let errors = elaborationErrors { m in
            let feedback = m.wire("feedback", .unsigned(2))
            let u = m.instance(passThrough, name: "u", inputs: ["a": feedback])
            feedback.assign(u["y"])
            m.output("y", feedback)
        }
        #expect(errors.map(\.message) == ["combinational loop: 'feedback' -> 'u_y' -> 'feedback'; break it with a register"])
    }

    @Test func registeredInstanceOutputsBreakLoops() throws {
        let delay = try Module("Delay") { m in
            let r = m.register("r", .unsigned(2), clock: m.input("clk"))
            r.assign(m.input("a", .unsigned(2)))
            m.output("y", r)
        }
        let top = try Module("Ring") { m in
            let clk = m.input("clk")
            let feedback = m.wire("feedback", .unsigned(2))
            let u = m.instance(delay, name: "u", inputs: ["clk": clk, "a": feedback])
            feedback.assign(~u["y"])
            m.output("y", feedback)
        }
        #expect(try top.hierarchy().count == 2)
    }
}
