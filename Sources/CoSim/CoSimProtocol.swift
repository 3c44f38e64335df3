// How vectors are applied to the design and when its outputs are sampled.

/// The handshake the harness uses to drive vectors and collect results.
public enum CoSimProtocol: Sendable, Hashable {
    /// One vector per enabled cycle (clock enable high); the outputs belonging to vector i
    /// are sampled right after the `latency`-th enabled clock edge counted from the edge
    /// that took vector i. Latency 0 samples combinational outputs before the edge.
    case pipeline(latency: Int)
    /// Vectors are offered with `inValid` high on enabled cycles, with random idle cycles
    /// between them; outputs are collected on every enabled cycle where `outValid` is high,
    /// in order. The number of outputs may differ from the number of inputs.
    case valid(inValid: String, outValid: String)

    /// Names of the handshake ports, which are not data ports.
    var handshakePorts: (input: String?, output: String?) {
        switch self {
        case .pipeline: return (nil, nil)
        case .valid(let inValid, let outValid): return (inValid, outValid)
        }
    }
}
