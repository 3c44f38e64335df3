import HDL
import Testing

@Suite struct ModuleTests {
    static func lane(width: Int, signed: Bool) throws -> Module {
        try Module("Lane", parameters: ["w": width, "signed": signed]) { m in
            let type = SignalType(width: width, isSigned: signed)
            m.output("y", m.input("a", type) &+ m.input("b", type))
        }
    }

    @Test func generatorParametersNameTheModule() throws {
        #expect(try Self.lane(width: 8, signed: true).name == "Lane_w8_signedtrue")
        #expect(Module.name("Tap", parameters: ["k": -3, "gain": 0.5]) == "Tap_km3_gain0p5")
    }

    @Test func portsDescribeDirectionWidthAndSignedness() throws {
        let module = try Self.lane(width: 6, signed: true)
        #expect(module.ports.map(\.name) == ["a", "b", "y"])
        #expect(module.ports.map(\.direction) == [.input, .input, .output])
        #expect(module.ports.map(\.type) == [.signed(6), .signed(6), .signed(6)])
        #expect(module.port(named: "y")?.location.fileID == #fileID)
        #expect(module.port(named: "missing") == nil)
    }

    @Test func hierarchyListsEachDefinitionOnceChildrenFirst() throws {
        let narrow = try Self.lane(width: 4, signed: false)
        let narrowAgain = try Self.lane(width: 4, signed: false)
        let wide = try Self.lane(width: 8, signed: false)
        let top = try Module("Top") { m in
            let a = m.input("a", .unsigned(4))
            let u0 = m.instance(narrow, name: "u0", inputs: ["a": a, "b": a])
            let u1 = m.instance(narrowAgain, name: "u1", inputs: ["a": a, "b": u0["y"]])
            let u2 = m.instance(wide, name: "u2", inputs: ["a": u1["y"].extended(to: 8), "b": u0["y"].extended(to: 8)])
            m.output("y", u2["y"])
        }
        #expect(try top.hierarchy().map(\.name) == ["Lane_w4_signedfalse", "Lane_w8_signedfalse", "Top"])
        #expect(top.submodules.map(\.name) == ["Lane_w4_signedfalse", "Lane_w8_signedfalse"])
        let files = try VerilogEmitter().emit(top)
        #expect(files.keys.sorted() == ["Lane_w4_signedfalse.v", "Lane_w8_signedfalse.v", "Top.v"])
    }

    @Test func conflictingDefinitionsDeeperInTheTreeAreRejected() throws {
        let first = try Module("Leaf") { m in m.output("y", m.input("a")) }
        let second = try Module("Leaf") { m in m.output("y", !m.input("a")) }
        let left = try Module("Left") { m in
            m.output("y", m.instance(first, name: "u", inputs: ["a": m.input("a")])["y"])
        }
        let right = try Module("Right") { m in
            m.output("y", m.instance(second, name: "u", inputs: ["a": m.input("a")])["y"])
        }
        let top = try Module("Top") { m in
            let a = m.input("a")
            m.output("y", m.instance(left, name: "l", inputs: ["a": a])["y"] & m.instance(right, name: "r", inputs: ["a": a])["y"])
        }
        #expect(throws: ElaborationError.self) { try top.hierarchy() }
        #expect(throws: ElaborationError.self) { try VerilogEmitter().emit(top) }
    }

    @Test func moduleNamesAreChecked() {
        do {
            _ = try Module("module") { m in m.output("y", m.input("a")) }
            Issue.record("a keyword was accepted as a module name")
        } catch let error as ElaborationError {
            #expect(error.diagnostics.map(\.message) == ["module name 'module' is a Verilog/SystemVerilog keyword"])
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
