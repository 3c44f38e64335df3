import Accel
import CoSim
import Testing

extension CoSimulation {
    /// The driver's own checks: they must fail when the slave or the expectation is wrong.
    @Suite("AXI4-Lite driver: failures are reported")
    struct AXILiteDriverTests {
        /// Selects the slave's bug (a correct write to 0x4), then runs `operations`.
        private func brokenRun(bug: UInt32, _ operations: [AXILiteOperation], timing: AXILiteTiming) throws -> CoSimReport {
            let model = try ControlModels.brokenSlave.get()
            let script = AXILiteScript([.write(address: 4, data: bug)] + operations, timing: timing)
            return try model.run(vectors: [], expected: [], options: CoSimRunOptions(seed: 3, axiLiteScripts: ["s_axi_x": script]))
        }

        @Test func droppedReadDataIsCaught() throws {
            let operations = [AXILiteOperation](repeating: .read(address: 0), count: 20)
            let report = try brokenRun(bug: 1, operations, timing: AXILiteTiming(readyLowProbability: 0.5))
            let failure = try #require(report.axiLiteResult("s_axi_x")?.failure, "\(report)")
            #expect(failure.rule == .unstableWhileWaiting && failure.operation >= 1, "\(failure)")
            #expect(!report.passed)
        }

        @Test func writeResponseBeforeDataIsCaught() throws {
            let report = try brokenRun(bug: 2, [.write(address: 0, data: 5)], timing: AXILiteTiming(writeOrder: .addressFirst))
            let failure = try #require(report.axiLiteResult("s_axi_x")?.failure, "\(report)")
            #expect(failure.rule == .responseWithoutRequest && failure.message.contains("before both"), "\(failure)")
            #expect(failure.operation == 1)
        }

        @Test func theSameScriptsPassWithoutTheBug() throws {
            let operations: [AXILiteOperation] = [.write(address: 0, data: 0x1234_5678)]
                + [AXILiteOperation](repeating: .read(address: 0, expect: 0x1234_5678), count: 20)
            let report = try brokenRun(bug: 0, operations, timing: AXILiteTiming(validDelayProbability: 0.3, readyLowProbability: 0.5))
            #expect(report.passed, "\(report)")
            #expect((report.axiLiteResult("s_axi_x")?.statistics.readBackpressureCycles ?? 0) > 0)
        }

        @Test func wrongExpectationAndExhaustedPollFail() throws {
            let model = try ControlModels.control.get()
            let idle = UInt32(1) << ControlRegisterMap.ControlBit.idle
            let wrong = try model.run(vectors: [], expected: [], options: CoSimRunOptions(seed: 1, axiLiteScripts: [
                "s_axi_control": AXILiteScript([.read(address: 0x10, expect: 0), .read(address: 0, expect: idle | 1)]),
            ]))
            let result = try #require(wrong.axiLiteResult("s_axi_control"))
            #expect(!wrong.passed && result.mismatches.count == 1 && result.mismatches[0].value == idle, "\(wrong)")
            let exhausted = try model.run(vectors: [], expected: [], options: CoSimRunOptions(seed: 1, axiLiteScripts: [
                "s_axi_control": AXILiteScript([.poll(address: 0, mask: 2, equals: 2, maxReads: 5), .read(address: 0)]),
            ]))
            let failure = try #require(exhausted.axiLiteResult("s_axi_control")?.failure, "\(exhausted)")
            #expect(failure.rule == .pollExhausted && failure.operation == 0, "\(failure)")
            #expect(exhausted.axiLiteResult("s_axi_control")?.completedOperations == 0)
        }

        @Test func badScriptsAreRejectedBeforeRunning() throws {
            let model = try ControlModels.control.get()
            let cases: [(AXILiteScript, String)] = [
                (AXILiteScript([.read(address: 0x102)]), "not 32-bit aligned"),
                (AXILiteScript([.write(address: 0x2000, data: 1)]), "does not fit 12 address bits"),
                (AXILiteScript([.write(address: 0, data: 1, strobe: 0x10)]), "more than 4 bits"),
                (AXILiteScript([.poll(address: 0, mask: 1, equals: 1, maxReads: 0)]), "at least 1 read"),
                (AXILiteScript([.idle(cycles: 1)], timing: AXILiteTiming(readyLowProbability: 1)), "[0, 1)"),
            ]
            for (script, message) in cases {
                do {
                    _ = try model.run(vectors: [], expected: [], options: CoSimRunOptions(axiLiteScripts: ["s_axi_control": script]))
                    Issue.record("expected an error for \(message)")
                } catch {
                    #expect("\(error)".contains(message), "\(error)")
                }
            }
            do {
                _ = try model.run(vectors: [], expected: [], options: CoSimRunOptions(axiLiteScripts: ["s_axi_other": AXILiteScript([])]))
                Issue.record("expected an error for an undeclared port")
            } catch {
                #expect("\(error)".contains("does not declare"), "\(error)")
            }
        }
    }
}
