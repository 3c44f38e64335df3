import Model
import Testing

@Suite struct GeneratorTests {
    /// llama2.c run.c `-t 0 -n 48` outputs from the data README.
    @Test(.enabled(if: SharedData.available, "shared data absent"), arguments: [
        ("", "Once upon a time, there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball. She wanted to"),
        ("Lily was", "Lily was a little girl named Lily who loved to play with her toys. One day, she saw a big box with a big box. She wanted to play with it, but"),
        ("The dog", "The dog was a big, red ball. He liked to play with his ball. He liked to play with his ball. He liked to play with his ball. He liked to play with"),
    ])
    func greedyOutputsMatchRunC(prompt: String, expected: String) throws {
        let weights = try #require(SharedModel.weights), tokenizer = try #require(SharedModel.tokenizer)
        var sampler = Sampler(temperature: 0, seed: 1)
        let generation = try Generator.generate(model: Transformer(weights: weights), tokenizer: tokenizer, prompt: prompt, steps: 48, sampler: &sampler)
        #expect(generation.text == expected)
        // run.c's loop runs `steps` forward passes and prints the token each one yields:
        // BOS plus 48 printed tokens.
        #expect(generation.tokens.count == 49 && generation.positions == 48)
        #expect(tokenizer.decode(generation.tokens) == expected)
    }

    @Test(.enabled(if: SharedData.available, "shared data absent"))
    func temperatureSamplingIsDeterministicPerSeed() throws {
        let weights = try #require(SharedModel.weights), tokenizer = try #require(SharedModel.tokenizer)
        func run(seed: UInt64) throws -> [Int] {
            var sampler = Sampler(temperature: 1, seed: seed)
            return try Generator.generate(model: Transformer(weights: weights), tokenizer: tokenizer, prompt: "Once", steps: 64, sampler: &sampler).tokens
        }
        let first = try run(seed: 7)
        #expect(try run(seed: 7) == first)
        #expect(try run(seed: 8) != first)
    }

    @Test func xorshiftMatchesRunCsFirstValues() {
        // run.c: random_u32 with state 1: s ^= s>>12 (1); s ^= s<<25 (0x2000001); s ^= s>>27 (0x2000001).
        var random = XorshiftRandom(seed: 1)
        let state: UInt64 = 0x200_0001
        #expect(random.nextUInt32() == UInt32(truncatingIfNeeded: (state &* 0x2545_F491_4F6C_DD1D) >> 32))
        #expect((0..<1000).allSatisfy { _ in (0..<1).contains(random.nextFloat()) })
    }
}
