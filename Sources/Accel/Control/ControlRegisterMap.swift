/// The register map of a Vitis `s_axi_control` slave under the `ap_ctrl_hs` protocol, as
/// data: the emitted slave decodes these offsets and the Vitis hand-off writes them into
/// kernel.xml (`<arg ... offset= size= hostSize=>`). Layout, as Vitis HLS lays out its own
/// kernels and as XRT expects (UG1393 "Control Requirements for XRT-Managed Kernels",
/// UG1399 "S_AXILITE Control Register Map"):
///
///     0x00 control: bit 0 ap_start (R/W, cleared by ap_ready unless auto_restart),
///          bit 1 ap_done (R, clear on read), bit 2 ap_idle (R), bit 3 ap_ready (R),
///          bit 7 auto_restart (R/W)
///     0x04 global interrupt enable (bit 0)
///     0x08 IP interrupt enable (bit 0 ap_done, bit 1 ap_ready)
///     0x0C IP interrupt status (same bits; toggle on write)
///     0x10 arguments in order: a 32-bit scalar is one word plus one reserved word
///          (stride 0x08), a 64-bit pointer two words (low first) plus one reserved word
///          (stride 0x0C).
public struct KernelArgument: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A 32-bit scalar (kernel.xml addressQualifier 0).
        case scalar32
        /// A 64-bit device address of an AXI4 master's buffer (kernel.xml addressQualifier 1).
        case pointer64

        /// Bytes the value occupies (kernel.xml `size` and `hostSize`).
        public var bytes: Int { self == .scalar32 ? 4 : 8 }
        /// 32-bit register words holding the value.
        public var words: Int { bytes / 4 }
        /// Bytes from this argument's offset to the next one's: the value plus one reserved word.
        public var stride: Int { bytes + 4 }
    }

    public var name: String
    public var kind: Kind

    public init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }

    public static func scalar(_ name: String) -> KernelArgument { KernelArgument(name, .scalar32) }
    public static func pointer(_ name: String) -> KernelArgument { KernelArgument(name, .pointer64) }
}

public struct ControlRegisterMap: Sendable, Hashable {
    /// One argument's place in the map.
    public struct Entry: Sendable, Hashable {
        public var argument: KernelArgument
        /// Byte offset of the (low) word.
        public var offset: Int
        /// Byte offsets of the value's 32-bit words, least significant first.
        public var wordOffsets: [Int] { (0 ..< argument.kind.words).map { offset + 4 * $0 } }
        public var name: String { argument.name }
        /// kernel.xml `size`/`hostSize`.
        public var bytes: Int { argument.kind.bytes }
    }

    public static let control = 0x00
    public static let globalInterruptEnable = 0x04
    public static let interruptEnable = 0x08
    public static let interruptStatus = 0x0C
    public static let firstArgument = 0x10

    /// Bits of the control register.
    public enum ControlBit {
        public static let start = 0
        public static let done = 1
        public static let idle = 2
        public static let ready = 3
        public static let autoRestart = 7
    }

    /// Bits of the interrupt enable and status registers.
    public enum InterruptBit {
        public static let done = 0
        public static let ready = 1
    }

    public let entries: [Entry]

    public init(arguments: [KernelArgument]) {
        var offset = Self.firstArgument
        var entries: [Entry] = []
        for argument in arguments {
            entries.append(Entry(argument: argument, offset: offset))
            offset += argument.kind.stride
        }
        self.entries = entries
    }

    /// The first byte after the last argument's reserved word: the map's extent.
    public var end: Int { entries.last.map { $0.offset + $0.argument.kind.stride } ?? Self.firstArgument }

    public func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// Every byte offset of a register the slave implements (control, interrupts and every
    /// argument word); reads of any other word return 0.
    public var implementedOffsets: [Int] {
        [Self.control, Self.globalInterruptEnable, Self.interruptEnable, Self.interruptStatus] + entries.flatMap(\.wordOffsets)
    }
}
