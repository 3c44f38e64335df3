import Accel
import CoSim
import Testing

/// What the host expects the argument, GIE and IER registers to hold: a Swift model of the
/// register map, independent of the RTL (bytes merged by strobe, unknown addresses read 0).
struct ControlRegisterExpectation {
    let map: ControlRegisterMap
    var words: [UInt64: UInt32] = [:]
    var gie: UInt32 = 0
    var ier: UInt32 = 0

    init(map: ControlRegisterMap) { self.map = map }

    var argumentWordOffsets: [UInt64] { map.entries.flatMap(\.wordOffsets).map { UInt64($0) } }

    mutating func write(_ address: UInt64, _ data: UInt32, strobe: UInt8) {
        var mask: UInt32 = 0
        for lane in 0 ..< 4 where strobe >> lane & 1 == 1 { mask |= 0xFF << (8 * lane) }
        if argumentWordOffsets.contains(address) {
            words[address] = (words[address, default: 0] & ~mask) | (data & mask)
        } else if strobe & 1 == 1 && address == UInt64(ControlRegisterMap.globalInterruptEnable) {
            gie = data & 1
        } else if strobe & 1 == 1 && address == UInt64(ControlRegisterMap.interruptEnable) {
            ier = data & 3
        }
    }

    func read(_ address: UInt64) -> UInt32 {
        if address == UInt64(ControlRegisterMap.globalInterruptEnable) { return gie }
        if address == UInt64(ControlRegisterMap.interruptEnable) { return ier }
        return words[address, default: 0]
    }

    /// The value of an argument (both words of a pointer).
    func value(of name: String) -> UInt64 {
        let entry = map.entry(named: name)!
        return entry.wordOffsets.reversed().reduce(UInt64(0)) { $0 << 32 | UInt64(read(UInt64($1))) }
    }

    /// The record the fake core reports when it starts with these arguments.
    var coreRecord: [String: PortValue] {
        ["seen_length": PortValue(value(of: "length")), "seen_source": PortValue(value(of: "source")),
         "seen_mode": PortValue(value(of: "mode")), "seen_dest": PortValue(value(of: "dest"))]
    }
}

extension PortValue {
    init(_ value: UInt64) { self.init(bits: [value], width: 64, signed: false) }
}

extension CoSimulation {
    @Suite("Control registers: the s_axi_control slave driven by the AXI4-Lite driver")
    struct ControlRegistersCoSimTests {
        static let control = UInt64(ControlRegisterMap.control)
        static let gie = UInt64(ControlRegisterMap.globalInterruptEnable)
        static let ier = UInt64(ControlRegisterMap.interruptEnable)
        static let isr = UInt64(ControlRegisterMap.interruptStatus)
        static let idleBit = UInt32(1) << ControlRegisterMap.ControlBit.idle
        static let doneBit = UInt32(1) << ControlRegisterMap.ControlBit.done
        static let startBit = UInt32(1) << ControlRegisterMap.ControlBit.start
        static let autoRestartBit = UInt32(1) << ControlRegisterMap.ControlBit.autoRestart

        private func run(_ operations: [AXILiteOperation], timing: AXILiteTiming, expected records: [[String: PortValue]],
                         stall: Double = 0, seed: UInt64) throws -> (CoSimReport, AXILiteResult) {
            let model = try ControlModels.control.get()
            let report = try model.run(
                vectors: [], expected: records,
                options: CoSimRunOptions(seed: seed, stallProbability: stall, axiLiteScripts: ["s_axi_control": AXILiteScript(operations, timing: timing)]))
            return (report, try #require(report.axiLiteResult("s_axi_control"), "\(report)"))
        }

        /// Random writes (random data and strobes, also to GIE, IER, reserved and unmapped words)
        /// and reads of every register, then a start: the core must see the final arguments.
        @Test(arguments: [
            (AXILiteTiming(validDelayProbability: 0.3, readyLowProbability: 0.3), 0.0, UInt64(11)),
            (AXILiteTiming(validDelayProbability: 0.5, readyLowProbability: 0.7), 0.25, UInt64(12)),
        ])
        func argumentRegistersHoldWhatWasWritten(timing: AXILiteTiming, stall: Double, seed: UInt64) throws {
            let map = try ControlFixtures.registers.get().map
            var expectation = ControlRegisterExpectation(map: map)
            var random = TestRandom(state: seed)
            let reserved = map.entries.map { UInt64($0.offset + $0.bytes) }
            let unmapped: [UInt64] = [UInt64(map.end), UInt64(map.end + 4), 0x100, 0xFFC]
            let targets = expectation.argumentWordOffsets + [Self.gie, Self.ier] + reserved + unmapped
            var operations: [AXILiteOperation] = []
            for _ in 0 ..< 400 {
                let address = targets[Int(random.next() % UInt64(targets.count))]
                if random.next() % 3 == 0 {
                    operations.append(.read(address: address, expect: expectation.read(address)))
                } else {
                    let data = UInt32(truncatingIfNeeded: random.next())
                    let strobe = UInt8(random.next() % 16)
                    operations.append(.write(address: address, data: data, strobe: strobe))
                    expectation.write(address, data, strobe: strobe)
                }
            }
            for address in targets { operations.append(.read(address: address, expect: expectation.read(address))) }
            // Runs short enough for the poll, long enough to see it busy.
            let length = UInt32(20)
            operations.append(.write(address: UInt64(map.entry(named: "length")!.offset), data: length, strobe: 0xF))
            expectation.write(UInt64(map.entry(named: "length")!.offset), length, strobe: 0xF)
            operations += [
                .write(address: Self.control, data: Self.startBit, strobe: 0x1),
                .poll(address: Self.control, mask: Self.doneBit, equals: Self.doneBit, maxReads: 200),
            ]
            let (report, result) = try run(operations, timing: timing, expected: [expectation.coreRecord], stall: stall, seed: seed)
            #expect(report.passed, "\(report)")
            #expect(result.completedOperations == operations.count)
            let reads = operations.filter { if case .read = $0 { true } else { false } }.count
            #expect(result.reads.count == reads + 1)
            // The random gaps exercised every write order and held back B and R.
            let stats = result.statistics
            #expect(stats.addressFirstWrites > 0 && stats.dataFirstWrites > 0 && stats.simultaneousWrites > 0, "\(result)")
            #expect(stats.writeResponseBackpressureCycles > 0 && stats.readBackpressureCycles > 0, "\(result)")
        }

        /// Each write order on its own, every write of that kind.
        @Test(arguments: [AXILiteWriteOrder.addressFirst, .dataFirst, .together])
        func everyWriteOrderIsAccepted(order: AXILiteWriteOrder) throws {
            let map = try ControlFixtures.registers.get().map
            var expectation = ControlRegisterExpectation(map: map)
            var random = TestRandom(state: 40 + UInt64(order.rawValue))
            var operations: [AXILiteOperation] = []
            for address in expectation.argumentWordOffsets {
                let data = UInt32(truncatingIfNeeded: random.next())
                operations.append(.write(address: address, data: data))
                expectation.write(address, data, strobe: 0xF)
            }
            for address in expectation.argumentWordOffsets { operations.append(.read(address: address, expect: expectation.read(address))) }
            let timing = AXILiteTiming(validDelayProbability: 0.4, readyLowProbability: 0.4, writeOrder: order)
            let (report, result) = try run(operations, timing: timing, expected: [], seed: 50 + UInt64(order.rawValue))
            #expect(report.passed, "\(report)")
            let writes = UInt64(expectation.argumentWordOffsets.count)
            let stats = result.statistics
            switch order {
            case .addressFirst: #expect(stats.addressFirstWrites == writes, "\(result)")
            case .dataFirst: #expect(stats.dataFirstWrites == writes, "\(result)")
            case .together: #expect(stats.simultaneousWrites == writes, "\(result)")
            case .any: break
            }
        }

        /// ap_start -> core start -> core done -> ap_done (clear on read) -> ap_idle.
        @Test(arguments: [UInt64(1), 2, 3])
        func startDoneIdleSequence(seed: UInt64) throws {
            let map = try ControlFixtures.registers.get().map
            var expectation = ControlRegisterExpectation(map: map)
            var random = TestRandom(state: seed)
            var operations: [AXILiteOperation] = [.read(address: Self.control, expect: Self.idleBit)]
            for address in expectation.argumentWordOffsets {
                let data = UInt32(truncatingIfNeeded: random.next())
                operations.append(.write(address: address, data: data))
                expectation.write(address, data, strobe: 0xF)
            }
            // A long run (length 200) so the core is still busy when the host looks.
            let length = UInt64(map.entry(named: "length")!.offset)
            operations.append(.write(address: length, data: 200))
            expectation.write(length, 200, strobe: 0xF)
            operations += [
                .write(address: Self.control, data: Self.startBit),
                // Running: ap_start held until ap_ready, not idle, not done.
                .read(address: Self.control, expect: Self.startBit),
                .poll(address: Self.control, mask: Self.doneBit, equals: Self.doneBit, maxReads: 400),
                // The read that saw done cleared it.
                .read(address: Self.control, expect: Self.idleBit),
                // Writing 0 to ap_start does not start anything.
                .write(address: Self.control, data: 0),
                .idle(cycles: 20),
                .read(address: Self.control, expect: Self.idleBit),
            ]
            let (report, result) = try run(
                operations, timing: AXILiteTiming(validDelayProbability: 0.3, readyLowProbability: 0.3),
                expected: [expectation.coreRecord], stall: 0.2, seed: seed)
            #expect(report.passed, "\(report)")
            // The poll that saw done: start cleared by ap_ready, core idle again.
            let poll = operations.firstIndex { if case .poll = $0 { true } else { false } }!
            #expect(result.value(ofOperation: poll) == Self.doneBit | Self.idleBit, "\(result)")
        }

        /// With auto_restart the core runs again after every done until the host clears it:
        /// the host sees three completions, clears auto_restart during the fourth run, and that
        /// run is the last.
        @Test func autoRestartRunsUntilCleared() throws {
            let map = try ControlFixtures.registers.get().map
            var expectation = ControlRegisterExpectation(map: map)
            let length = UInt64(map.entry(named: "length")!.offset)
            expectation.write(length, 120, strobe: 0xF)
            var operations: [AXILiteOperation] = [
                .write(address: length, data: 120),
                .write(address: Self.control, data: Self.autoRestartBit | Self.startBit),
                .read(address: Self.control, expect: Self.autoRestartBit | Self.startBit),
            ]
            for _ in 0 ..< 3 {
                operations.append(.poll(address: Self.control, mask: Self.doneBit, equals: Self.doneBit, maxReads: 300))
            }
            operations += [
                .write(address: Self.control, data: 0, strobe: 0x1),
                .poll(address: Self.control, mask: Self.doneBit, equals: Self.doneBit, maxReads: 300),
                .idle(cycles: 10),
                .read(address: Self.control, expect: Self.idleBit),
            ]
            let records = [[String: PortValue]](repeating: expectation.coreRecord, count: 4)
            let (report, result) = try run(
                operations, timing: AXILiteTiming(validDelayProbability: 0.2, readyLowProbability: 0.2), expected: records, seed: 21)
            #expect(report.passed, "\(report)")
            // While restarting, every completion finds ap_start (and auto_restart) still set.
            for index in operations.indices.dropLast(4) where { if case .poll = operations[index] { true } else { false } }() {
                let value = try #require(result.value(ofOperation: index))
                #expect(value & (Self.startBit | Self.autoRestartBit) == Self.startBit | Self.autoRestartBit, "\(result)")
            }
        }

        /// GIE gates the line, IER selects the events, ISR bits toggle on write.
        @Test func interruptsFollowEnablesAndToggle() throws {
            let map = try ControlFixtures.registers.get().map
            let length = UInt64(map.entry(named: "length")!.offset)
            var expectation = ControlRegisterExpectation(map: map)
            expectation.write(length, 30, strobe: 0xF)
            let done = UInt32(1) << ControlRegisterMap.InterruptBit.done
            let ready = UInt32(1) << ControlRegisterMap.InterruptBit.ready
            let waitDone: AXILiteOperation = .poll(address: Self.control, mask: Self.doneBit, equals: Self.doneBit, maxReads: 300)
            let operations: [AXILiteOperation] = [
                .write(address: length, data: 30),
                .write(address: Self.gie, data: 1),
                .write(address: Self.ier, data: done),
                .read(address: Self.ier, expect: done),
                .write(address: Self.control, data: Self.startBit),
                .waitForInterrupt(true, withinCycles: 400),
                .read(address: Self.isr, expect: done),
                .read(address: Self.control, expect: Self.doneBit | Self.idleBit),
                // Toggle on write: 1 clears the set bit, the line falls.
                .write(address: Self.isr, data: done),
                .waitForInterrupt(false, withinCycles: 3),
                .read(address: Self.isr, expect: 0),
                // ... and 1 sets a clear bit again; 0 changes nothing.
                .write(address: Self.isr, data: done),
                .waitForInterrupt(true, withinCycles: 3),
                .write(address: Self.isr, data: 0),
                .read(address: Self.isr, expect: done),
                .write(address: Self.isr, data: done),
                // Without GIE a completion sets the status but not the line.
                .write(address: Self.gie, data: 0),
                .write(address: Self.ier, data: done | ready),
                .write(address: Self.control, data: Self.startBit),
                waitDone,
                .idle(cycles: 4),
                .waitForInterrupt(false, withinCycles: 0),
                .read(address: Self.isr, expect: done | ready),
                .write(address: Self.gie, data: 1),
                .waitForInterrupt(true, withinCycles: 3),
                .write(address: Self.isr, data: done | ready),
                .waitForInterrupt(false, withinCycles: 3),
                // Without IER nothing is recorded.
                .write(address: Self.ier, data: 0),
                .write(address: Self.control, data: Self.startBit),
                waitDone,
                .idle(cycles: 4),
                .read(address: Self.isr, expect: 0),
                .waitForInterrupt(false, withinCycles: 0),
            ]
            let records = [[String: PortValue]](repeating: expectation.coreRecord, count: 3)
            let (report, result) = try run(
                operations, timing: AXILiteTiming(validDelayProbability: 0.3, readyLowProbability: 0.3), expected: records,
                stall: 0.1, seed: 31)
            #expect(report.passed, "\(report)")
            #expect(result.completedOperations == operations.count)
        }
    }
}
