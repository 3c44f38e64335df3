import HDL
import Testing

@Suite struct SignalTypeTests {
    @Test func describesWidthAndSignedness() {
        #expect(SignalType.unsigned(8).description == "8-bit unsigned")
        #expect(SignalType.signed(20).description == "20-bit signed")
        #expect(SignalType.bit == .unsigned(1))
        #expect(SignalType.signed(4) != .unsigned(4))
    }

    @Test func constantsMustFitTheirType() {
        let errors = elaborationErrors { m in
            m.output("ok_min", Signal.constant(-128, .signed(8)))
            m.output("ok_max", Signal.constant(255, .unsigned(8)))
            m.output("too_big", Signal.constant(256, .unsigned(8)))
            m.output("too_small", Signal.constant(-129, .signed(8)))
            m.output("negative", Signal.constant(-1, .unsigned(8)))
        }
        #expect(errors.map(\.message) == [
            "constant 256 does not fit in 8-bit unsigned",
            "constant -129 does not fit in 8-bit signed",
            "constant -1 does not fit in 8-bit unsigned",
        ])
    }

    @Test func invalidWidthsAreReportedAtTheDeclaration() {
        var line = 0
        let errors = elaborationErrors { m in
            line = #line; _ = m.input("zero", .unsigned(0))
        }
        #expect(errors.map(\.message) == ["'zero' has invalid width 0; widths must be 1...65536"])
        #expect(errors.first?.location == SourceLocation(fileID: #fileID, line: line))
    }

    @Test func wideConstantsComeFromWords() throws {
        let module = try Module("Wide") { m in
            m.output("mask", Signal.constant(words: [0x1, 0xF], .unsigned(68)))
        }
        #expect(VerilogEmitter().emitModule(module).contains("assign mask = 68'hf0000000000000001;"))
        let errors = elaborationErrors { m in
            m.output("mask", Signal.constant(words: [0x1, 0x1F], .unsigned(68)))
        }
        #expect(errors.map(\.message) == ["constant words do not fit in 68-bit unsigned"])
    }
}
