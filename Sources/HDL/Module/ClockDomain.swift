/// A synchronous reset and its polarity. Resets are ordinary 1-bit inputs (Vitis kernels
/// use the active-low `ap_rst_n`).
public struct Reset {
    /// The 1-bit reset net.
    public let signal: Signal
    /// Whether the reset is asserted while the signal is 0.
    public let isActiveLow: Bool

    /// Resets while the signal is 1.
    public static func activeHigh(_ signal: Signal) -> Reset { Reset(signal: signal, isActiveLow: false) }
    /// Resets while the signal is 0.
    public static func activeLow(_ signal: Signal) -> Reset { Reset(signal: signal, isActiveLow: true) }
}

/// The clock, and optionally the reset, that registers and memory ports of a module use
/// by default (`m.clockDomain = ClockDomain(clock: clk, reset: .activeLow(rstN))`).
public struct ClockDomain {
    /// The clock net; registers update on its rising edge.
    public let clock: Signal
    /// The synchronous reset used by registers that have a reset value.
    public let reset: Reset?

    public init(clock: Signal, reset: Reset? = nil) {
        self.clock = clock
        self.reset = reset
    }
}
