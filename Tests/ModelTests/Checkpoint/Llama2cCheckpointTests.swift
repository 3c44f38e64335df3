import Foundation
import Model
import Testing

@Suite struct Llama2cCheckpointTests {
    @Test(.enabled(if: SharedData.available, "shared data absent"))
    func loadsStories260K() throws {
        let weights = try Llama2cCheckpoint.load(path: try #require(SharedData.path("stories260K.bin")))
        let config = weights.config
        let dimensions: [Int] = [config.dim, config.hiddenDim, config.layers, config.heads, config.kvHeads, config.vocab, config.seqLen]
        #expect(dimensions == [64, 172, 5, 8, 4, 512, 512])
        #expect(config.sharedClassifier)
        #expect(config.headSize == 8 && config.kvDim == 32)
        #expect(weights.classifier == weights.embedding)
        #expect(weights.layers[4].w2.count == 64 * 172)
    }
}
