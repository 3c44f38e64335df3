import Model
import Testing

/// Random damage never traps the reader: it throws an `RCEFormatError` or returns a
/// model. Without resealing, what it returns is the original model (the checksum caught
/// nothing else); with resealing, what it returns re-encodes to exactly the damaged bytes
/// (one model, one encoding: every padding byte and reserved field is checked).
@Suite struct RCEFuzzTests {
    @Test func randomFlipsAndTruncationsNeverTrap() throws {
        let model = try TestModels.randomModel(config: try TestModels.tinyConfig(layers: 2, sharedClassifier: false), seed: 31)
        let valid = RCEBytes(model)
        var rng = SeededGenerator(seed: 32)
        var outcomes = [String: Int]()
        for _ in 0..<3000 {
            var file = valid
            let mode = Int.random(in: 0..<4, using: &rng)
            if mode == 3 {
                file.bytes.removeLast(Int.random(in: 1...file.bytes.count, using: &rng))
            } else {
                // Half the flips land in the header and table, where the structure is.
                let headerEnd = 128 + 64 * valid.tensorCount
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let offset = Bool.random(using: &rng) ? Int.random(in: 0..<headerEnd, using: &rng)
                                                          : Int.random(in: 0..<file.bytes.count, using: &rng)
                    file.bytes[offset] ^= UInt8.random(in: 1...255, using: &rng)
                }
                if mode >= 1 { file.reseal() }
            }
            do {
                let decoded = try file.decode()
                if mode == 0 {
                    #expect(decoded == model)
                } else {
                    #expect(RCEWriter.encode(decoded) == file.bytes)
                }
                outcomes["decoded", default: 0] += 1
            } catch let error as RCEFormatError {
                outcomes[Mirror(reflecting: error).children.first?.label ?? "\(error)", default: 0] += 1
            }
        }
        // The loop reached the checks behind the checksum, not just the checksum.
        #expect(outcomes.count >= 5, "\(outcomes)")
    }
}
