import HDL

/// The `s_axi_control` AXI4-Lite slave of a Vitis RTL kernel: the `ap_ctrl_hs` control and
/// interrupt registers and the kernel arguments, laid out by `ControlRegisterMap`.
///
/// Ports: `clk`, `ce`, `rst_n` (active-low, synchronous); `s_axi_control_*` (AXI4-Lite,
/// 32-bit data); to the kernel core `ap_start` and `arg_<name>` (32 or 64 bits) per
/// argument; from the core `ap_done`, `ap_ready` (one-cycle pulses) and `ap_idle` (level);
/// `interrupt` (active high, registered).
///
/// AXI4-Lite behaviour: AW and W are accepted independently, in either order or together,
/// into one holding register each; the write takes effect once both are held, then B is
/// offered until `bready`. A read is answered on R one cycle after its AR handshake and held
/// until `rready`. One write and one read are outstanding at most (the readies stay low
/// while a response waits), and the two directions run independently. `wstrb` selects the
/// bytes written; BRESP and RRESP are always OKAY; reads of unimplemented addresses return
/// 0 and writes to them are ignored. Address bits 1:0 are ignored.
///
/// ap_ctrl_hs: writing 1 to control bit 0 sets ap_start; ap_start stays high until the core
/// pulses ap_ready and is then cleared, unless auto_restart (bit 7) is set. ap_done is set by
/// the core's ap_done pulse and cleared by a read of the control register (a pulse in the
/// same cycle as that read wins and is seen by the next read). Interrupt status bits are set
/// by enabled ap_done/ap_ready pulses and toggled by writing 1s; `interrupt` is GIE and any
/// status bit.
public struct ControlRegisters: Sendable, Hashable {
    /// The kernel's name, part of the module name.
    public let kernel: String
    public let map: ControlRegisterMap
    public let bus: AXI4LiteConfiguration

    /// The bus name: signals are `s_axi_control_*`.
    public static let busName = "control"

    public init(kernel: String, arguments: [KernelArgument], addressWidth: Int = 12) throws {
        let bus = AXI4LiteConfiguration(addressWidth: addressWidth)
        if let problem = bus.problem { throw AccelConfigurationError(problem) }
        guard Self.isPlainIdentifier(kernel) else {
            throw AccelConfigurationError("kernel name '\(kernel)' must be letters, digits and underscores, starting with a letter")
        }
        var names = Set<String>()
        for argument in arguments {
            guard Self.isPlainIdentifier(argument.name) else {
                throw AccelConfigurationError("kernel argument name '\(argument.name)' must be letters, digits and underscores, starting with a letter")
            }
            guard names.insert(argument.name).inserted else {
                throw AccelConfigurationError("kernel argument '\(argument.name)' is given twice")
            }
        }
        let map = ControlRegisterMap(arguments: arguments)
        guard addressWidth >= 5, map.end <= 1 << min(addressWidth, 62) else {
            throw AccelConfigurationError("the control registers span 0x0...0x\(String(map.end - 1, radix: 16)); an address width of \(addressWidth) bits cannot reach them")
        }
        self.kernel = kernel
        self.map = map
        self.bus = bus
    }

    private static func isPlainIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0" ... "9").contains($0))) }
    }

    /// The core-side output of an argument.
    public static func portName(of argument: String) -> String { "arg_" + argument }

    public func module() throws -> Module {
        let map = self.map, bus = self.bus
        return try Module("ControlRegisters", parameters: ["kernel": kernel]) { m in
            let (_, ce, _) = m.clockEnableAndReset()
            let axi = m.axi4LiteSlave(Self.busName, bus)
            let apDone = m.input("ap_done")
            let apReady = m.input("ap_ready")
            let apIdle = m.input("ap_idle")
            let one = Signal.constant(1, .bit), zero = Signal.constant(0, .bit)
            let wordWidth = bus.addressWidth - 2
            let dataWidth = AXI4LiteConfiguration.dataWidth

            // Write channel: AW and W each land in a holding register; the write commits
            // when both are held. No new AW or W while B waits: one outstanding write.
            let awFull = m.register("aw_full", .bit, resetValue: 0, enable: ce)
            let awWord = m.register("aw_word", .unsigned(wordWidth), enable: ce)
            let wFull = m.register("w_full", .bit, resetValue: 0, enable: ce)
            let wData = m.register("w_data", .unsigned(dataWidth), enable: ce)
            let wStrobe = m.register("w_strobe", .unsigned(AXI4LiteConfiguration.strobeWidth), enable: ce)
            let bValid = m.register("b_valid", .bit, resetValue: 0, enable: ce)
            let awReady = m.wire("aw_ready", !awFull && !bValid)
            let wReady = m.wire("w_ready", !wFull && !bValid)
            let awHandshake = m.wire("aw_handshake", axi.awvalid && awReady)
            let wHandshake = m.wire("w_handshake", axi.wvalid && wReady)
            let commit = m.wire("commit", awFull && wFull)
            awFull.assign(mux(commit, zero, mux(awHandshake, one, awFull)))
            awWord.assign(mux(awHandshake, axi.awaddr[2 ..< bus.addressWidth], awWord))
            wFull.assign(mux(commit, zero, mux(wHandshake, one, wFull)))
            wData.assign(mux(wHandshake, axi.wdata, wData))
            wStrobe.assign(mux(wHandshake, axi.wstrb, wStrobe))
            bValid.assign(mux(commit, one, mux(axi.bready, zero, bValid)))

            func writes(_ offset: Int) -> Signal { commit && awWord == offset / 4 }
            // The byte lanes of `old` replaced by the written lanes wstrb selects.
            func merged(_ old: Signal) -> Signal {
                Signal.concat((0 ..< AXI4LiteConfiguration.strobeWidth).reversed().map { lane in
                    mux(wStrobe[lane], wData[(8 * lane) ..< (8 * lane + 8)], old[(8 * lane) ..< (8 * lane + 8)])
                })
            }
            // Control, GIE, IER and ISR live in byte 0.
            let controlWrite = m.wire("control_write", writes(ControlRegisterMap.control) && wStrobe[0])

            // ap_ctrl_hs state.
            let start = m.register("start", .bit, resetValue: 0, enable: ce)
            let done = m.register("done", .bit, resetValue: 0, enable: ce)
            let autoRestart = m.register("auto_restart", .bit, resetValue: 0, enable: ce)
            let startWrite = m.wire("start_write", controlWrite && wData[ControlRegisterMap.ControlBit.start])
            start.assign(priorityMux([(startWrite, one), (apReady && start, autoRestart)], default: start))
            autoRestart.assign(mux(controlWrite, wData[ControlRegisterMap.ControlBit.autoRestart], autoRestart))

            // Interrupts.
            let gie = m.register("gie", .bit, resetValue: 0, enable: ce)
            let ier = m.register("ier", .unsigned(2), resetValue: 0, enable: ce)
            let isr = m.register("isr", .unsigned(2), resetValue: 0, enable: ce)
            gie.assign(mux(writes(ControlRegisterMap.globalInterruptEnable) && wStrobe[0], wData[0], gie))
            ier.assign(mux(writes(ControlRegisterMap.interruptEnable) && wStrobe[0], wData[0 ..< 2], ier))
            let toggle = m.wire("isr_toggle", mux(writes(ControlRegisterMap.interruptStatus) && wStrobe[0], wData[0 ..< 2], Signal.zeros(.unsigned(2))))
            let events = m.wire("isr_events", Signal.concat(apReady, apDone) & ier)
            isr.assign((isr ^ toggle) | events)
            let interruptLine = m.register("interrupt_line", .bit, resetValue: 0, enable: ce)
            interruptLine.assign(gie && isr.orReduce())

            // Arguments: one register per 32-bit word, named by its offset.
            var argumentWords: [(offset: Int, value: Signal)] = []
            for entry in map.entries {
                var words: [Signal] = []
                for offset in entry.wordOffsets {
                    let word = m.register("word_" + Self.hex(offset), .unsigned(dataWidth), resetValue: 0, enable: ce)
                    word.assign(mux(writes(offset), merged(word), word))
                    words.append(word)
                    argumentWords.append((offset, word))
                }
                m.output(Self.portName(of: entry.name), Signal.concat(words.reversed()))
            }

            // Read channel: one outstanding read, answered from a register the cycle after AR.
            let rValid = m.register("r_valid", .bit, resetValue: 0, enable: ce)
            let rData = m.register("r_data", .unsigned(dataWidth), resetValue: 0, enable: ce)
            let arReady = m.wire("ar_ready", !rValid)
            let arHandshake = m.wire("ar_handshake", axi.arvalid && arReady)
            let arWord = m.wire("ar_word", axi.araddr[2 ..< bus.addressWidth])
            done.assign(priorityMux([(apDone, one), (arHandshake && arWord == ControlRegisterMap.control / 4, zero)], default: done))
            let controlWord = Signal.concat(
                Signal.zeros(.unsigned(dataWidth - 8)), autoRestart, Signal.zeros(.unsigned(3)), apReady, apIdle, done, start)
            let readable: [(Int, Signal)] = [
                (ControlRegisterMap.control / 4, controlWord),
                (ControlRegisterMap.globalInterruptEnable / 4, gie.extended(to: dataWidth)),
                (ControlRegisterMap.interruptEnable / 4, ier.extended(to: dataWidth)),
                (ControlRegisterMap.interruptStatus / 4, isr.extended(to: dataWidth)),
            ] + argumentWords.map { ($0.offset / 4, $0.value) }
            let readValue = m.wire("read_value", arWord.match(readable, default: Signal.zeros(.unsigned(dataWidth))))
            rValid.assign(mux(arHandshake, one, mux(axi.rready, zero, rValid)))
            rData.assign(mux(arHandshake, readValue, rData))

            axi.awready.assign(awReady)
            axi.wready.assign(wReady)
            axi.bvalid.assign(bValid)
            axi.bresp.assign(AXI4LiteConfiguration.okay)
            axi.arready.assign(arReady)
            axi.rvalid.assign(rValid)
            axi.rdata.assign(rData)
            axi.rresp.assign(AXI4LiteConfiguration.okay)
            m.output("ap_start", start)
            m.output("interrupt", interruptLine)
        }
    }

    private static func hex(_ offset: Int) -> String {
        let digits = String(offset, radix: 16)
        return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
