import CoSim
import Testing

/// Every test that builds or runs a Verilator model nests here: they run one at a time so
/// parallel Verilator builds do not oversubscribe a 2-core CI machine, and they are all
/// skipped, with the reason shown, when verilator is not installed.
@Suite("Co-simulation with Verilator", .serialized,
       .enabled(if: CoSimModel.verilatorAvailable, Comment(rawValue: Fixtures.verilatorMissing)))
struct CoSimulation {}
