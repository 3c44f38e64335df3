import Model

/// stories260K and tok512, loaded once per test process (nil when the data is absent).
enum SharedModel {
    static let weights: ModelWeights? = SharedData.path("stories260K.bin").flatMap { try? Llama2cCheckpoint.load(path: $0) }
    static let tokenizer: Tokenizer? = SharedData.path("tok512.bin").flatMap { try? Tokenizer.load(path: $0) }
}
