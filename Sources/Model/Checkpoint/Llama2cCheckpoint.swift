/// Readers for the two llama2.c checkpoint formats (`export.py`):
/// - legacy: seven int32 (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size,
///   seq_len; a negative vocab_size means a separate classifier), then fp32 tensors
///   embedding, rms_att, wq, wk, wv, wo, rms_ffn, w1, w2, w3, rms_final, two RoPE tables
///   of seq_len × head_size/2 (skipped: we compute RoPE), then the classifier if separate.
/// - version 1: uint32 magic "ak42", int32 version 1, the seven int32 (vocab positive),
///   uint8 shared_classifier, zero padding to 256 bytes, then fp32 tensors with the norms
///   first: rms_att, rms_ffn, rms_final, embedding, wq, wk, wv, wo, w1, w2, w3, classifier
///   if separate.
/// Both store every tensor of one kind for all layers contiguously, `[layers × out × in]`.
public enum Llama2cCheckpoint {
    public static let version1Magic: UInt32 = 0x616b_3432
    static let version1HeaderBytes = 256

    /// Reads either format, told apart by the first word (the v1 magic is not a
    /// plausible legacy `dim`).
    public static func load(path: String) throws -> ModelWeights {
        try load(bytes: try ByteReader.readFile(path))
    }

    public static func load(bytes: [UInt8]) throws -> ModelWeights {
        var peek = ByteReader(bytes)
        let first = try peek.uint32("header")
        return first == version1Magic ? try loadVersion1(bytes) : try loadLegacy(bytes)
    }

    public static func loadLegacy(_ bytes: [UInt8]) throws -> ModelWeights {
        var reader = ByteReader(bytes)
        let header = try readParameters(&reader)
        let config = try makeConfig(header, vocab: abs(Int(header.vocab)), shared: header.vocab > 0)
        let ropeTableFloats = config.seqLen * config.headSize  // two tables of seq_len × head_size/2
        try expectSize(bytes.count, header: 28, config: config, extraFloats: ropeTableFloats)

        let embedding = try reader.floats(config.vocab * config.dim, "token embedding")
        let attentionNorms = try readPerLayer(&reader, config, count: config.dim, "rms_att")
        var matrices: [LinearSite: [[Float]]] = [:]
        for site in [LinearSite.q, .k, .v, .o] { matrices[site] = try readPerLayer(&reader, config, site: site) }
        let ffnNorms = try readPerLayer(&reader, config, count: config.dim, "rms_ffn")
        for site in [LinearSite.w1, .w2, .w3] { matrices[site] = try readPerLayer(&reader, config, site: site) }
        let finalNorm = try reader.floats(config.dim, "rms_final")
        try reader.skip(ropeTableFloats * 4, "legacy RoPE tables")
        let classifier = config.sharedClassifier ? nil : try reader.floats(config.vocab * config.dim, "classifier")
        return try assemble(config, embedding, attentionNorms, ffnNorms, matrices, finalNorm, classifier)
    }

    public static func loadVersion1(_ bytes: [UInt8]) throws -> ModelWeights {
        var reader = ByteReader(bytes)
        let magic = try reader.uint32("magic")
        guard magic == version1Magic else { throw CheckpointError.wrongMagic(found: magic, expected: version1Magic) }
        let version = try reader.int32("version")
        guard version == 1 else { throw CheckpointError.unsupportedVersion(Int(version)) }
        let header = try readParameters(&reader)
        let sharedFlag = try reader.uint8("shared_classifier flag")
        guard sharedFlag <= 1 else {
            throw CheckpointError.invalidHeader(field: "shared_classifier", value: "\(sharedFlag)", reason: "must be 0 or 1")
        }
        let config = try makeConfig(header, vocab: Int(header.vocab), shared: sharedFlag == 1)
        try reader.skip(version1HeaderBytes - reader.offset, "header padding")
        try expectSize(bytes.count, header: version1HeaderBytes, config: config, extraFloats: 0)

        let attentionNorms = try readPerLayer(&reader, config, count: config.dim, "rms_att")
        let ffnNorms = try readPerLayer(&reader, config, count: config.dim, "rms_ffn")
        let finalNorm = try reader.floats(config.dim, "rms_final")
        let embedding = try reader.floats(config.vocab * config.dim, "token embedding")
        var matrices: [LinearSite: [[Float]]] = [:]
        for site in LinearSite.allCases { matrices[site] = try readPerLayer(&reader, config, site: site) }
        let classifier = config.sharedClassifier ? nil : try reader.floats(config.vocab * config.dim, "classifier")
        return try assemble(config, embedding, attentionNorms, ffnNorms, matrices, finalNorm, classifier)
    }

    struct Parameters {
        var dim, hidden, layers, heads, kvHeads, vocab, seqLen: Int32
    }

    static func readParameters(_ reader: inout ByteReader) throws -> Parameters {
        Parameters(dim: try reader.int32("dim"), hidden: try reader.int32("hidden_dim"), layers: try reader.int32("n_layers"),
                   heads: try reader.int32("n_heads"), kvHeads: try reader.int32("n_kv_heads"),
                   vocab: try reader.int32("vocab_size"), seqLen: try reader.int32("seq_len"))
    }

    static func makeConfig(_ header: Parameters, vocab: Int, shared: Bool) throws -> ModelConfig {
        try ModelConfig(dim: Int(header.dim), hiddenDim: Int(header.hidden), layers: Int(header.layers), heads: Int(header.heads),
                        kvHeads: Int(header.kvHeads), vocab: vocab, seqLen: Int(header.seqLen), sharedClassifier: shared)
    }

    /// The whole file must be exactly header + tensors: a wrong header would otherwise
    /// read weights at shifted offsets without any other symptom.
    static func expectSize(_ actual: Int, header: Int, config: ModelConfig, extraFloats: Int) throws {
        let floats = try config.parameterCount() + extraFloats
        let (bytes, overflow) = floats.multipliedReportingOverflow(by: 4)
        let expected = overflow ? Int.max : bytes + header
        guard actual == expected else { throw CheckpointError.sizeMismatch(expectedBytes: expected, actualBytes: actual) }
    }

    static func readPerLayer(_ reader: inout ByteReader, _ config: ModelConfig, count: Int, _ name: String) throws -> [[Float]] {
        try (0..<config.layers).map { try reader.floats(count, "\(name) of layer \($0)") }
    }

    static func readPerLayer(_ reader: inout ByteReader, _ config: ModelConfig, site: LinearSite) throws -> [[Float]] {
        let shape = site.shape(in: config)
        return try readPerLayer(&reader, config, count: shape.rows * shape.columns, site.weightName)
    }

    /// Per-layer tensors into `ModelWeights`, which checks every size and value.
    static func assemble(_ config: ModelConfig, _ embedding: [Float], _ attentionNorms: [[Float]], _ ffnNorms: [[Float]],
                         _ matrices: [LinearSite: [[Float]]], _ finalNorm: [Float], _ classifier: [Float]?) throws -> ModelWeights {
        let layers = (0..<config.layers).map { index in
            func matrix(_ site: LinearSite) -> [Float] { matrices[site]?[index] ?? [] }
            return LayerWeights(attentionNorm: attentionNorms[index], wq: matrix(.q), wk: matrix(.k), wv: matrix(.v), wo: matrix(.o),
                                ffnNorm: ffnNorms[index], w1: matrix(.w1), w2: matrix(.w2), w3: matrix(.w3))
        }
        return try ModelWeights(config: config, embedding: embedding, layers: layers, finalNorm: finalNorm, classifier: classifier)
    }
}
