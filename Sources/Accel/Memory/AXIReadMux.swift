import HDL

/// Shares one AXI4 read port among `sources` read masters (2...4) that have no IDs of
/// their own, such as `AXIReadEngine`s: so one HBM pseudo-channel can carry a matrix
/// engine's weight-group, group-parameter and row-scale streams.
///
/// AR: a round-robin arbiter loads the granted source's request into the port's AR
/// register (the source sees `arready` in that cycle), tagged with the source's index as
/// ARID; the register holds the request stable until the slave takes it, and a new one
/// may load in the cycle it does, so the port can issue one AR per cycle. R: beats go to
/// the source named by RID; bursts of different sources may come back in any order (AXI4
/// orders only bursts of one ID), a source's own bursts come in its order.
///
/// `rready` is the addressed source's `rready`, so any source is served correctly; but a
/// source that held `rready` low would stall every source's beats behind its own (head-of-
/// line blocking) and could deadlock a consumer that waits on several streams in lockstep.
/// The mux relies on its sources not doing that: `AXIReadEngine` requests a burst only
/// when its FIFO has room for every beat still owed (credits), and drives `rready`
/// constantly high.
///
/// Ports: `clk`, `ce`, `rst_n`; per source i the slave side of a read port without IDs,
/// `s<i>_arvalid arready araddr arlen arsize arburst rvalid rready rdata rresp rlast`
/// (wire them with `connect(_:port:to:slot:)`); the master port `m_axi_<name>_*` with
/// `idWidth` = ceil(log2 sources) ID bits.
public struct AXIReadMux: Sendable, Hashable {
    public let name: String
    public let sources: Int
    /// The shared port: the sources' data width, ARID/RID wide enough to name each source.
    public let bus: AXI4Configuration

    public static let sourceRange = 2...4

    public init(name: String, sources: Int, dataWidth: Int) throws {
        guard Self.sourceRange.contains(sources) else {
            throw AccelConfigurationError("a read multiplexer shares one port among \(Self.sourceRange.lowerBound)...\(Self.sourceRange.upperBound) sources, got \(sources)")
        }
        let bus = AXI4Configuration(dataWidth: dataWidth, idWidth: (sources - 1).bitWidthNeeded)
        if let problem = bus.problem { throw AccelConfigurationError(problem) }
        self.name = name
        self.sources = sources
        self.bus = bus
    }

    /// The signals of one source slot, as `s<i>_<signal>`: those the source drives, then
    /// those the multiplexer drives.
    static let sourceDriven = ["arvalid", "araddr", "arlen", "arsize", "arburst", "rready"]
    static let multiplexerDriven = ["arready", "rvalid", "rdata", "rresp", "rlast"]

    public func module() throws -> Module {
        let bus = self.bus, count = sources
        let idWidth = bus.idWidth
        return try Module("AXIReadMux", parameters: ["n": count, "w": bus.dataWidth, "port": name]) { m in
            let (_, ce, _) = m.clockEnableAndReset()
            struct Slot { let arvalid, araddr, arlen, arsize, arburst, rready: Signal }
            let slots = (0..<count).map { i in
                Slot(arvalid: m.input("s\(i)_arvalid"), araddr: m.input("s\(i)_araddr", .unsigned(bus.addressWidth)),
                     arlen: m.input("s\(i)_arlen", .unsigned(AXI4Configuration.lengthWidth)),
                     arsize: m.input("s\(i)_arsize", .unsigned(AXI4Configuration.sizeWidth)),
                     arburst: m.input("s\(i)_arburst", .unsigned(AXI4Configuration.burstWidth)),
                     rready: m.input("s\(i)_rready"))
            }
            let axi = m.axi4ReadMaster(name, bus)
            guard let arid = axi.arid, let rid = axi.rid else { return }

            // AR register: loads when empty or being taken this cycle.
            let arValid = m.register("ar_valid", .bit, resetValue: 0, enable: ce)
            let arAddress = m.register("ar_address", .unsigned(bus.addressWidth), resetValue: 0, enable: ce)
            let arLength = m.register("ar_length", .unsigned(AXI4Configuration.lengthWidth), resetValue: 0, enable: ce)
            let arSize = m.register("ar_size", .unsigned(AXI4Configuration.sizeWidth), resetValue: 0, enable: ce)
            let arBurst = m.register("ar_burst", .unsigned(AXI4Configuration.burstWidth), resetValue: 0, enable: ce)
            let arID = m.register("ar_id", .unsigned(idWidth), resetValue: 0, enable: ce)
            let canLoad = m.wire("can_load", !arValid || axi.arready)

            // Round robin: `first` is the source with the highest priority; after a grant,
            // the one after the granted source.
            let first = m.register("first", .unsigned(idWidth), resetValue: 0, enable: ce)
            let requests = slots.map(\.arvalid)
            let anyRequest = m.wire("any_request", requests.dropFirst().reduce(requests[0]) { $0 || $1 })
            let grantFrom = (0..<count).map { start -> Signal in
                let order = (0..<count).map { (start + $0) % count }
                return priorityMux(order.map { (requests[$0], Signal.constant($0, .unsigned(idWidth))) },
                                   default: Signal.constant(start, .unsigned(idWidth)))
            }
            let granted = m.wire("granted", Signal.pick(grantFrom, at: first, default: grantFrom[0]))
            let load = m.wire("load", canLoad && anyRequest)
            func chosen(_ field: (Slot) -> Signal) -> Signal {
                Signal.pick(slots.map(field), at: granted, default: field(slots[0]))
            }
            arValid.assign(mux(load, Signal.constant(1, .bit), mux(axi.arready, Signal.constant(0, .bit), arValid)))
            arAddress.assign(mux(load, chosen(\.araddr), arAddress))
            arLength.assign(mux(load, chosen(\.arlen), arLength))
            arSize.assign(mux(load, chosen(\.arsize), arSize))
            arBurst.assign(mux(load, chosen(\.arburst), arBurst))
            arID.assign(mux(load, granted, arID))
            let afterGranted = (0..<count).map { Signal.constant(($0 + 1) % count, .unsigned(idWidth)) }
            first.assign(mux(load, Signal.pick(afterGranted, at: granted, default: afterGranted[0]), first))

            axi.arvalid.assign(arValid)
            axi.araddr.assign(arAddress)
            axi.arlen.assign(arLength)
            axi.arsize.assign(arSize)
            axi.arburst.assign(arBurst)
            arid.assign(arID)

            // R: to the source RID names; every source sees the data, only it sees rvalid.
            let readies = slots.map(\.rready)
            axi.rready.assign(Signal.pick(readies, at: rid, default: Signal.constant(1, .bit)))
            for i in 0..<count {
                m.output("s\(i)_arready", load && granted == i)
                m.output("s\(i)_rvalid", axi.rvalid && rid == i)
                m.output("s\(i)_rdata", axi.rdata)
                m.output("s\(i)_rresp", axi.rresp)
                m.output("s\(i)_rlast", axi.rlast)
            }
        }
    }

    /// Wires read master `m_axi_<port>_*` of `source` (a master without IDs) to slot `slot`
    /// of `multiplexer`, an instance of this module, both placed in the same parent.
    public static func connect(_ source: Instance, port: String, to multiplexer: Instance, slot: Int,
                               file: String = #fileID, line: Int = #line) {
        let master = "m_axi_\(port)_", slave = "s\(slot)_"
        for signal in sourceDriven {
            multiplexer.connect(slave + signal, to: source.output(master + signal, file: file, line: line), file: file, line: line)
        }
        for signal in multiplexerDriven {
            source.connect(master + signal, to: multiplexer.output(slave + signal, file: file, line: line), file: file, line: line)
        }
    }
}
