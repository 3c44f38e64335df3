// swift-tools-version:6.0
// rcegen: one Swift description of an AccLLM-style accelerator, from which the RTL,
// the integer reference model and the co-simulation all come. No package dependencies.
import PackageDescription

let package = Package(
    name: "rcegen",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rcegen", targets: ["rcegen"]),
        .library(name: "Numerics", targets: ["Numerics"]),
        .library(name: "HDL", targets: ["HDL"]),
        .library(name: "Model", targets: ["Model"]),
        .library(name: "Compress", targets: ["Compress"]),
        .library(name: "Accel", targets: ["Accel"]),
        .library(name: "CoSim", targets: ["CoSim"]),
    ],
    targets: [
        // The bit-exact arithmetic contract: every operation the hardware performs.
        .target(name: "Numerics"),
        // Generic hardware construction kit and Verilog emitter; knows nothing of LLMs.
        .target(name: "HDL"),
        // Checkpoints, tokenizer, fp32 and integer inference, perplexity.
        .target(name: "Model", dependencies: ["Numerics"]),
        // 2:4 OBS pruning, W2 GPTQ quantization, calibration, packed .rce writer.
        .target(name: "Compress", dependencies: ["Model", "Numerics"]),
        // The accelerator blocks described with the HDL kit; targets are data.
        .target(name: "Accel", dependencies: ["HDL", "Numerics"]),
        // External EDA flows on emitted Verilog: Verilator co-simulation (vector streaming,
        // comparison) and Yosys synthesis checks.
        .target(name: "CoSim"),
        // Command implementations; the executable only forwards to it.
        .target(name: "Driver", dependencies: ["Accel", "CoSim", "HDL", "Model", "Compress", "Numerics"]),
        .executableTarget(name: "rcegen", dependencies: ["Driver"]),

        .testTarget(name: "NumericsTests", dependencies: ["Numerics"]),
        .testTarget(name: "HDLTests", dependencies: ["HDL"]),
        .testTarget(name: "ModelTests", dependencies: ["Model", "Numerics"]),
        .testTarget(name: "CompressTests", dependencies: ["Compress", "Model", "Numerics"]),
        .testTarget(name: "AccelTests", dependencies: ["Accel", "HDL", "Numerics"]),
        // Integration tests that need Verilator and Yosys on the PATH.
        .testTarget(name: "CoSimTests", dependencies: ["CoSim", "Accel", "HDL", "Numerics", "Model", "Compress"]),
        .testTarget(name: "DriverTests", dependencies: ["Driver", "Accel", "HDL"]),
    ],
    swiftLanguageModes: [.v6]
)
