import Foundation
import Model

/// `rcegen generate`: text from the fp32 model, as llama2.c's `run` prints it.
struct GenerateCommand: Command {
    let name = "generate"
    let summary = "Generate text with the model (greedy or seeded temperature sampling)."
    let options: [OptionSpec] = InferenceSetup.options + [
        .value("prompt", "text", "Text the generation starts from.", default: ""),
        .value("steps", "n", "Positions to run, BOS and prompt included (capped at the model's context).", default: "256"),
        .value("temperature", "t", "Sampling temperature; 0 is greedy.", default: "0"),
        .value("seed", "n", "Seed of the sampling random numbers.", default: "42"),
    ]

    func run(_ options: ParsedOptions, _ console: Console) throws {
        let steps = try options.integer("steps", in: 1...1_000_000)!
        let temperature = try options.double("temperature", in: 0...100)!
        let seed = try options.integer("seed", in: 0...Int.max)!
        let setup = try InferenceSetup.load(options)
        var sampler = Sampler(temperature: Float(temperature), seed: UInt64(seed))
        let generation = try Generator.generate(model: setup.makeModel(), tokenizer: setup.tokenizer, prompt: options.string("prompt") ?? "",
                                                steps: steps, sampler: &sampler)
        console.print(generation.text)
        let rate = Double(generation.positions) / max(generation.seconds, 1e-9)
        console.progress(String(format: "rcegen generate: %d positions in %.3f s (%.0f tokens/s)", generation.positions, generation.seconds, rate))
    }
}
