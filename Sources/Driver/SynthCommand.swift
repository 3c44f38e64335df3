import Accel
import CoSim
import Foundation
import HDL

/// `rcegen synth`: Yosys `synth_xilinx` over every emitted block, DSP48E2 counts against
/// what each block's packing promises. Exits non-zero when a count differs.
struct SynthCommand: Command {
    let name = "synth"
    let summary = "Synthesize the emitted blocks with Yosys and check their DSP48E2 counts."
    let options: [OptionSpec] = [
        .value("target", "name", "Target board (known: \(Target.all.map(\.name).joined(separator: ", "))).", default: "u280"),
        .value("json", "file", "Also write the cell counts as JSON to this file."),
    ]

    func run(_ options: ParsedOptions, _ console: Console) throws {
        let target = try TargetOption.resolve(options)
        let design = try AcceleratorDesign(.standard(for: target))
        var rows: [[String: Any]] = []
        var wrong: [String] = []
        console.print("block".padding(toLength: 40, withPad: " ", startingAt: 0) + "  DSP48E2  promised      LUT       FF   yosys s")
        for block in design.blocks {
            let result = try YosysSynthesis.run(block.module)
            let cells = result.flattenedCells()
            let luts = cells.filter { $0.key.hasPrefix("LUT") }.values.reduce(0, +)
            let flipFlops = cells.filter { $0.key.hasPrefix("FD") }.values.reduce(0, +)
            console.print(block.module.name.padding(toLength: 40, withPad: " ", startingAt: 0)
                + String(format: "  %7d  %8d  %7d  %7d  %8.1f", result.dspCount, block.promisedDSPs, luts, flipFlops, result.seconds))
            if result.dspCount != block.promisedDSPs {
                wrong.append("\(block.module.name) maps to \(result.dspCount) DSP48E2, its packing promises \(block.promisedDSPs)")
            }
            rows.append(["block": block.module.name, "dsp48e2": result.dspCount, "promisedDSP48E2": block.promisedDSPs,
                         "cells": cells.sorted { $0.key < $1.key }.reduce(into: [String: Int]()) { $0[$1.key] = $1.value }])
        }
        if let path = options.string("json") {
            let data = try JSONSerialization.data(withJSONObject: ["target": target.name, "blocks": rows], options: [.prettyPrinted, .sortedKeys])
            try AtomicOutput.writeFile(data, to: path)
        }
        guard wrong.isEmpty else { throw SynthesisMismatch(description: wrong.joined(separator: "; ")) }
    }
}

struct SynthesisMismatch: Error, CustomStringConvertible {
    let description: String
}
