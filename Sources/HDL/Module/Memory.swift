/// A memory still being described.
struct PendingMemory {
    let name: String
    let depth: Int
    let type: SignalType
    let initialContent: [BitPattern]?
    var writePorts: [MemoryWritePort] = []
    var readPorts: [MemoryReadPort] = []
    let location: SourceLocation
}

/// A memory array with synchronous write ports and registered (synchronous) read ports,
/// emitted in the pattern Vivado and Yosys infer as block RAM. Read ports return the old
/// word when the same address is written in the same cycle (read-first).
public struct Memory {
    let builder: ModuleBuilder
    let index: Int

    /// The memory array's name.
    public var name: String { builder.memories[index].name }
    /// Number of words.
    public var depth: Int { builder.memories[index].depth }
    /// Type of one word.
    public var type: SignalType { builder.memories[index].type }
    /// The width read and write addresses must have: the bits needed to count to
    /// `depth - 1` (at least 1).
    public var addressWidth: Int { MemoryDefinition.addressWidth(depth: depth) }

    /// A write port: on each rising clock edge where `enable` is 1 (always, without an
    /// enable), stores `data` at `address`.
    public func write(address: Signal, data: Signal, enable: Signal? = nil, clock: Signal? = nil,
                      file: String = #fileID, line: Int = #line) {
        let location = SourceLocation(fileID: file, line: line)
        let memory = builder.memories[index]
        let owner = "write port of memory '\(memory.name)'"
        let port = MemoryWritePort(
            clock: builder.resolveClock(clock, for: owner, at: location),
            address: builder.address(address, for: memory, at: location),
            data: builder.fit(data, to: memory.type, target: "memory '\(memory.name)'", at: location),
            enable: enable.map { builder.singleBit($0, role: "enable of \(owner)", at: location) },
            location: location)
        builder.memories[index].writePorts.append(port)
    }

    /// A registered read port: on each rising clock edge where `enable` is 1, loads the
    /// word at `address` into the returned signal (one cycle of latency).
    ///
    /// - Parameter name: Name of the read data register; defaults to `<memory>_rd<n>`.
    public func read(address: Signal, enable: Signal? = nil, clock: Signal? = nil, name: String? = nil,
                     file: String = #fileID, line: Int = #line) -> Signal {
        let location = SourceLocation(fileID: file, line: line)
        let memory = builder.memories[index]
        let owner = "read port of memory '\(memory.name)'"
        let dataName = name ?? "\(memory.name)_rd\(memory.readPorts.count)"
        let signal = builder.declare(dataName, memory.type, role: .memoryReadData, at: location)
        let port = MemoryReadPort(
            signal: signal,
            clock: builder.resolveClock(clock, for: owner, at: location),
            address: builder.address(address, for: memory, at: location),
            enable: enable.map { builder.singleBit($0, role: "enable of \(owner)", at: location) },
            location: location)
        builder.memories[index].readPorts.append(port)
        return builder.reference(signal)
    }
}

extension ModuleBuilder {
    /// A memory of `depth` words of `type`.
    ///
    /// - Parameter initialContent: Optional initial words (from address 0; the rest are
    ///   zero), e.g. for a ROM, which is a memory with read ports only.
    public func memory(_ name: String, depth: Int, _ type: SignalType, initialContent: [Int]? = nil,
                       file: String = #fileID, line: Int = #line) -> Memory {
        let location = SourceLocation(fileID: file, line: line)
        claimName(name, at: location)
        var checkedDepth = depth
        if depth < 2 || depth > 1 << 24 {
            report("memory '\(name)' has depth \(depth); depths must be 2...\(1 << 24) (use a register for one word)", at: location)
            checkedDepth = 2
        }
        var checkedType = type
        if !type.isValid {
            report("memory '\(name)' has invalid width \(type.width)", at: location)
            checkedType = type.withWidth(1)
        }
        var content: [BitPattern]?
        if let initialContent {
            if initialContent.count > checkedDepth {
                report("memory '\(name)' has \(initialContent.count) initial words but depth \(checkedDepth)", at: location)
            }
            for (address, value) in initialContent.enumerated() where !checkedType.canRepresent(value) {
                report("initial word \(address) of memory '\(name)' is \(value), which does not fit \(checkedType)", at: location)
                break
            }
            content = initialContent.prefix(checkedDepth).map { BitPattern($0, width: checkedType.width) }
        }
        memories.append(PendingMemory(name: name, depth: checkedDepth, type: checkedType, initialContent: content, location: location))
        return Memory(builder: self, index: memories.count - 1)
    }

    /// Checks an address is unsigned and exactly as wide as the memory needs (Verilator
    /// warns about any other index width).
    func address(_ value: Signal, for memory: PendingMemory, at location: SourceLocation) -> Expr {
        let expr = consume(value, at: location)
        let width = MemoryDefinition.addressWidth(depth: memory.depth)
        if value.isSigned || value.width != width {
            report("address of memory '\(memory.name)' (depth \(memory.depth)) must be \(SignalType.unsigned(width)), got \(value.summary)", at: location)
            return .constant(.zeros(width: width), isSigned: false)
        }
        return expr
    }
}
