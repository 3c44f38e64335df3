/// A board the accelerator is generated for. Targets are data: everything a generator
/// or a performance model needs to know about the device, and nothing else.
public struct Target: Sendable, Equatable {
    public struct Resources: Sendable, Equatable {
        public var dsp: Int
        public var lut: Int
        public var flipFlop: Int
        public var bram36: Int
        public var uram: Int
    }

    public struct HBM: Sendable, Equatable {
        /// Pseudo-channels, each an AXI port of the kernel.
        public var channels: Int
        public var channelBytes: Int
        /// Peak bandwidth of one pseudo-channel in bytes per second.
        public var channelBandwidth: Double
        /// Kernel-side AXI data width of each port in bits.
        public var portDataWidth: Int
    }

    public var name: String
    public var part: String
    public var platform: String
    /// Kernel clock in Hz.
    public var kernelClock: Double
    public var resources: Resources
    public var hbm: HBM

    /// Every target rcegen knows, by name.
    public static let all: [Target] = [.u280]

    public static func named(_ name: String) -> Target? {
        all.first { $0.name == name }
    }
}

extension Target {
    /// AMD/Xilinx Alveo U280: xcu280-fsvh2892-2L-e, 8 GB HBM2 in 32 pseudo-channels.
    public static let u280 = Target(
        name: "u280",
        part: "xcu280-fsvh2892-2L-e",
        platform: "xilinx_u280_gen3x16_xdma_1_202211_1",
        kernelClock: 225e6,
        resources: Resources(dsp: 9_024, lut: 1_303_680, flipFlop: 2_607_360, bram36: 2_016, uram: 960),
        hbm: HBM(channels: 32, channelBytes: 256 << 20, channelBandwidth: 14.375e9, portDataWidth: 512))
}
