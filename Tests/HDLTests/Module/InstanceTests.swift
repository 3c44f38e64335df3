import HDL
import Testing

@Suite struct InstanceTests {
    static func child() throws -> Module {
        try Module("Child") { m in
            let a = m.input("a", .unsigned(4))
            let b = m.input("b", .signed(4))
            m.output("y", a.asSigned() &+ b)
        }
    }

    @Test func connectionsAreCheckedByNameAndType() throws {
        let child = try Self.child()
        var line = 0
        let errors = elaborationErrors { m in
            line = #line; let u = m.instance(child, name: "u0", inputs: ["a": m.input("x", .unsigned(5)), "c": m.input("z")])
            m.output("y", u["y"])
            m.output("w", u["nope"])
            _ = m.instance(child, name: "u1")
        }
        #expect(errors.map(\.message) == [
            "input 'a' of instance 'u0' is 4-bit unsigned but is connected to 'x' (5-bit unsigned); ports connect with exactly equal types",
            "module 'Child' has no input 'c' (inputs: a, b)",
            "module 'Child' has no output 'nope' (outputs: y)",
            "input 'b' of instance 'u0' (module 'Child') is not connected",
            "input 'a' of instance 'u1' (module 'Child') is not connected",
            "input 'b' of instance 'u1' (module 'Child') is not connected",
        ])
        #expect(errors.first?.location == SourceLocation(fileID: #fileID, line: line))
    }

    @Test func instanceOutputsAreDrivenByTheInstance() throws {
        let child = try Self.child()
        let errors = elaborationErrors { m in
            let u = m.instance(child, name: "u0", inputs: ["a": m.input("a", .unsigned(4)), "b": m.input("b", .signed(4))])
            #expect(u.name == "u0" && u.module == child)
            u["y"].assign(Signal.constant(0, .signed(4)))
            u.connect("a", to: Signal.constant(0, .unsigned(4)))
            m.output("y", u["y"])
        }
        #expect(errors.count == 2)
        #expect(errors.map(\.message).first == "cannot assign to instance output 'u0_y'; it is driven by its instance")
        #expect(errors.map(\.message).last?.hasPrefix("input 'a' of instance 'u0' is already connected (at \(#fileID):") == true)
    }

    @Test func differentDefinitionsMustNotShareAName() throws {
        let first = try Module("Same") { m in m.output("y", m.input("a")) }
        let second = try Module("Same") { m in m.output("y", !m.input("a")) }
        let errors = elaborationErrors { m in
            let a = m.input("a")
            let u0 = m.instance(first, name: "u0", inputs: ["a": a])
            let u1 = m.instance(second, name: "u1", inputs: ["a": a])
            m.output("y", u0["y"] ^ u1["y"])
        }
        #expect(errors.map(\.message) == ["module name 'Same' is used by two different definitions (instance 'u0' and 'u1'); give generator parameters that tell them apart"])
    }
}
