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

extension ModuleBuilder {
    /// The `clk` and `ce` (clock enable) inputs of a pipelined block without a reset,
    /// declared in that order and made the module's clock domain.
    public func clockAndEnable(file: String = #fileID, line: Int = #line) -> (clock: Signal, enable: Signal) {
        let clock = input("clk", file: file, line: line)
        let enable = input("ce", file: file, line: line)
        clockDomain = ClockDomain(clock: clock)
        return (clock, enable)
    }

    /// The same with `rst_n`, an active-low synchronous reset, declared after them: the
    /// port order every rcegen block and Vitis's `ap_clk`/`ap_rst_n` wrappers expect.
    public func clockEnableAndReset(file: String = #fileID, line: Int = #line) -> (clock: Signal, enable: Signal, resetN: Signal) {
        let clock = input("clk", file: file, line: line)
        let enable = input("ce", file: file, line: line)
        let resetN = input("rst_n", file: file, line: line)
        clockDomain = ClockDomain(clock: clock, reset: .activeLow(resetN))
        return (clock, enable, resetN)
    }
}
