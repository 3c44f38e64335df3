/// The generator parameters of one accelerator build: which target, and how its blocks
/// are sized. Everything `rcegen emit` writes follows from this value.
public struct AcceleratorConfiguration: Sendable, Equatable {
    public var target: Target
    /// DSP lanes per PE: each consumes one 2:4 group (four dense weights) per cycle.
    public var peLanes: Int
    /// Dense columns per W2 quantization group the PEs are built for.
    public var groupSize: Int
    /// Longest row (dense input features) the row accumulators must hold.
    public var maxColumns: Int
    /// HBM ports the matrix engine streams weights from, in lockstep.
    public var ports: Int

    public init(target: Target, peLanes: Int, groupSize: Int, maxColumns: Int, ports: Int? = nil) {
        self.target = target
        self.peLanes = peLanes
        self.groupSize = groupSize
        self.maxColumns = maxColumns
        self.ports = ports ?? target.hbm.channels
    }

    /// The configuration rcegen builds for a target. On the U280: 8-lane PEs (32 dense
    /// columns, one W2 group of 32, per beat) and rows up to Llama-2-7B's 11,008 FFN
    /// inputs, streamed from all 32 pseudo-channels.
    public static func standard(for target: Target) -> AcceleratorConfiguration {
        AcceleratorConfiguration(target: target, peLanes: 8, groupSize: 32, maxColumns: 11_008)
    }
}
