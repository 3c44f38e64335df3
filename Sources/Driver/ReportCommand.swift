import Accel
import CoSim
import Foundation
import HDL

/// `rcegen report`: resource use of the configuration (Yosys cell counts of one HBM
/// port's engine, times the ports, against the device) and predicted Llama-2-7B decode
/// throughput versus context length, from `PerformanceModel`.
struct ReportCommand: Command {
    let name = "report"
    let summary = "Print resource use and predicted decode tokens/s for a target (and write them as JSON)."
    let options: [OptionSpec] = [
        .value("target", "name", "Target board (known: \(Target.all.map(\.name).joined(separator: ", "))).", default: "u280"),
        .value("hbm-efficiency", "fraction", "Share of peak HBM bandwidth assumed achievable.", default: "0.9"),
        .value("sinks", "S", "Attention sink tokens of the Λ window.", default: "4"),
        .value("window", "W", "Recent-token window of the Λ window (0: full attention).", default: "1020"),
        .value("group-size", "G", "W2 quantization group size; PEs get G/4 lanes (default: the target's standard configuration)."),
        .value("json", "file", "Also write the report as JSON to this file."),
        .flag("skip-synthesis", "Leave out the Yosys resource figures (fast)."),
    ]

    func run(_ options: ParsedOptions, _ console: Console) throws {
        let target = try TargetOption.resolve(options)
        let efficiency = try options.double("hbm-efficiency", in: 0.01...1) ?? 0.9
        let sinks = try options.integer("sinks", in: 0...1_000_000) ?? 4
        let window = try options.integer("window", in: 0...1_000_000) ?? 1020
        var configuration = AcceleratorConfiguration.standard(for: target)
        if let groupSize = try options.integer("group-size", in: 4...4096) {
            guard groupSize % 4 == 0 else { throw UsageError("option '--group-size' must be a multiple of 4, got \(groupSize)") }
            configuration.groupSize = groupSize
            configuration.peLanes = groupSize / 4
        }
        let model = try PerformanceModel(configuration: configuration)
        var json: [String: Any] = ["target": target.name, "groupSize": configuration.groupSize, "hbmEfficiency": efficiency, "sinks": sinks, "window": window]

        if !options.flag("skip-synthesis") {
            // The whole engine of the configuration, every port: Yosys synthesizes each
            // distinct submodule once and the hierarchy multiplies its cells out.
            let design = try AcceleratorDesign(configuration)
            var resources: [String: Any] = [:]
            for (mode, engine) in [("decode", design.matVecEngine), ("prefill", design.prefillEngine)] {
                let module = try engine.module()
                console.progress("rcegen report: synthesizing \(module.name) with yosys (a few minutes)")
                let synthesis = try YosysSynthesis.run(module)
                let usage = ResourceUsage(cells: synthesis.flattenedCells())
                console.print("Resources of the \(mode) engine, \(engine.ports) ports × \(engine.tokens) token(s): \(module.name) "
                    + "(packing promises \(engine.promisedDSPs) DSP48E2)")
                console.print("  (Yosys synth_xilinx cells rolled up through the hierarchy; FF/LUT are upper bounds on Vivado's; \(String(format: "%.0f", synthesis.seconds)) s)")
                for (resource, used, available) in usage.rows(of: target.resources) {
                    console.print("  \(resource.padding(toLength: 8, withPad: " ", startingAt: 0)) \(String(format: "%9d of %9d  (%5.1f %%)", used, available, 100 * Double(used) / Double(available)))")
                }
                var figures = usage.rows(of: target.resources).reduce(into: [String: Any]()) { $0[$1.0] = ["used": $1.1, "available": $1.2] }
                figures["promisedDSP48E2"] = engine.promisedDSPs
                resources[mode] = figures
            }
            json["resources"] = resources
        }

        let shape = ModelShape.llama2_7B
        console.print("")
        console.print("\(shape.name) decode at \(Int(target.kernelClock / 1e6)) MHz, \(model.ports) ports, HBM efficiency \(efficiency), "
            + "weights streamed \(String(format: "%.2f", model.streamedWeightBytes(shape) / 1e9)) GB per token "
            + "in \(shape.commandsPerToken.count) engine commands (q+k+v and w1+w3 stacked)")
        console.print("  context   Λ(S=\(sinks),W=\(window)) tokens/s   full attention tokens/s   bandwidth use   bound tokens/s")
        var rows: [[String: Any]] = []
        for context in [128, 512, 1_024, 2_048, 4_096, 8_192, 16_384, 32_768] {
            let windowed = model.decode(shape, context: context, sinks: sinks, window: window, hbmEfficiency: efficiency)
            let full = model.decode(shape, context: context, sinks: 0, window: 0, hbmEfficiency: efficiency)
            console.print(String(format: "  %7d   %22.1f   %23.1f   %12.1f %%   %14.1f", context, windowed.tokensPerSecond, full.tokensPerSecond,
                                 100 * windowed.bandwidthUse, windowed.bandwidthBoundTokensPerSecond))
            rows.append(["context": context, "tokensPerSecondLambda": windowed.tokensPerSecond,
                         "tokensPerSecondFull": full.tokensPerSecond, "bandwidthUse": windowed.bandwidthUse,
                         "boundTokensPerSecondLambda": windowed.bandwidthBoundTokensPerSecond])
        }
        console.print("  (bound: the same bytes with every port streaming at HBM efficiency \(efficiency) without an idle cycle;")
        console.print("   AccLLM reports 164 tokens/s, FlightLLM 55, on the same board; 460 GB/s over 1.53 GB is about 300.)")
        json["decode"] = rows

        let tokensPerPass = AcceleratorDesign.prefillTokens
        console.print("")
        console.print("\(shape.name) prefill on the matrix-matrix engine (\(tokensPerPass) tokens share each weight beat), Λ(S=\(sinks),W=\(window))")
        console.print("  prompt    tokens/s   time to first token (ms)")
        var prefillRows: [[String: Any]] = []
        for prompt in [128, 512, 2_048] {
            let prefill = model.prefill(shape, promptLength: prompt, tokensPerPass: tokensPerPass, sinks: sinks, window: window,
                                        hbmEfficiency: efficiency)
            console.print(String(format: "  %6d   %9.1f   %24.1f", prompt, prefill.tokensPerSecond, 1_000 * Double(prompt) / prefill.tokensPerSecond))
            prefillRows.append(["prompt": prompt, "tokensPerPass": tokensPerPass, "tokensPerSecond": prefill.tokensPerSecond])
        }
        json["prefill"] = prefillRows
        if let path = options.string("json") {
            let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
            try AtomicOutput.writeFile(data, to: path)
        }
    }
}

/// Yosys cells of one engine, multiplied out and mapped to the device's resource classes.
struct ResourceUsage {
    let cells: [String: Int]

    func count(_ prefixes: [String]) -> Int {
        cells.filter { cell in prefixes.contains { cell.key.hasPrefix($0) } }.values.reduce(0, +)
    }

    func rows(of resources: Target.Resources) -> [(String, Int, Int)] {
        [("DSP48E2", count(["DSP48E2"]), resources.dsp), ("LUT", count(["LUT", "SRL", "RAM32", "RAM64"]), resources.lut),
         ("FF", count(["FD"]), resources.flipFlop), ("BRAM36", count(["RAMB36"]) + (count(["RAMB18"]) + 1) / 2, resources.bram36),
         ("URAM", count(["URAM"]), resources.uram)]
    }
}
