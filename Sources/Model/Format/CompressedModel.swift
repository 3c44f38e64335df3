import Numerics

/// One transformer block after compression: fp32 norms, the seven linear layers as
/// `SparseQuantizedMatrix` values.
public struct CompressedLayer: Sendable, Equatable {
    public let attentionNorm: [Float]
    public let ffnNorm: [Float]
    public let matrices: [LinearSite: SparseQuantizedMatrix]

    public init(attentionNorm: [Float], ffnNorm: [Float], matrices: [LinearSite: SparseQuantizedMatrix]) {
        self.attentionNorm = attentionNorm
        self.ffnNorm = ffnNorm
        self.matrices = matrices
    }

    /// The matrix of `site`; every site is present once the owning `CompressedModel` exists.
    public subscript(site: LinearSite) -> SparseQuantizedMatrix { matrices[site]! }
}

/// A whole compressed model: what the `.rce` file stores and the integer path runs.
/// The embedding, norms and classifier stay fp32. Construction checks every tensor
/// against the config and every stored number against its range, so a model that exists
/// can always be written and run.
public struct CompressedModel: Sendable, Equatable {
    public let config: ModelConfig
    public let settings: CompressionSettings
    /// `[vocab × dim]`.
    public let embedding: [Float]
    public let layers: [CompressedLayer]
    public let finalNorm: [Float]
    /// `[vocab × dim]`, or nil when the classifier is the embedding (`config.sharedClassifier`).
    public let classifier: [Float]?

    /// Throws `RCEFormatError` naming the first tensor that does not fit.
    public init(config: ModelConfig, settings: CompressionSettings, embedding: [Float], layers: [CompressedLayer],
                finalNorm: [Float], classifier: [Float]?) throws {
        guard layers.count == config.layers else {
            throw RCEFormatError.shapeMismatch(tensor: "layers", expected: [config.layers], found: [layers.count])
        }
        try Self.checkFloats(RCETensorName.embedding, embedding, shape: [config.vocab, config.dim])
        try Self.checkFloats(RCETensorName.finalNorm, finalNorm, shape: [config.dim])
        if config.sharedClassifier {
            if let classifier {
                throw RCEFormatError.shapeMismatch(tensor: RCETensorName.classifier, expected: [0], found: [classifier.count])
            }
        } else {
            try Self.checkFloats(RCETensorName.classifier, classifier ?? [], shape: [config.vocab, config.dim])
        }
        for (index, layer) in layers.enumerated() {
            try Self.checkFloats(RCETensorName.attentionNorm(layer: index), layer.attentionNorm, shape: [config.dim])
            try Self.checkFloats(RCETensorName.ffnNorm(layer: index), layer.ffnNorm, shape: [config.dim])
            for site in LinearSite.allCases {
                let name = RCETensorName.matrix(layer: index, site: site)
                let shape = site.shape(in: config)
                guard let matrix = layer.matrices[site] else {
                    throw RCEFormatError.shapeMismatch(tensor: name, expected: [shape.rows, shape.columns], found: [])
                }
                guard matrix.rows == shape.rows, matrix.columns == shape.columns, matrix.groupSize == settings.groupSize else {
                    throw RCEFormatError.shapeMismatch(tensor: name, expected: [shape.rows, shape.columns, settings.groupSize],
                                                       found: [matrix.rows, matrix.columns, matrix.groupSize])
                }
                try Self.checkContents(matrix, name: name)
            }
            guard layer.matrices.count == LinearSite.allCases.count else {
                throw RCEFormatError.shapeMismatch(tensor: "layers.\(index)", expected: [LinearSite.allCases.count], found: [layer.matrices.count])
            }
        }
        self.config = config
        self.settings = settings
        self.embedding = embedding
        self.layers = layers
        self.finalNorm = finalNorm
        self.classifier = classifier
    }

    /// The classifier's values (the embedding's when shared).
    public var classifierWeights: [Float] { classifier ?? embedding }

    private static func checkFloats(_ name: String, _ values: [Float], shape: [Int]) throws {
        guard values.count == shape.reduce(1, *) else {
            throw RCEFormatError.shapeMismatch(tensor: name, expected: shape, found: [values.count])
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw RCEFormatError.nonFiniteValue(tensor: name, index: index, value: values[index])
        }
    }

    /// The ranges the hardware relies on: mantissa 1...63, zero point 0...3, row scales
    /// positive and finite (a SparseGroup is valid by construction).
    static func checkContents(_ matrix: SparseQuantizedMatrix, name: String) throws {
        let perRow = matrix.quantizationGroupsPerRow
        for (index, parameter) in matrix.parameters.enumerated() {
            if !(1...WeightQuantizer.maxScaleMantissa).contains(parameter.scaleMantissa) {
                throw RCEFormatError.mantissaOutOfRange(tensor: name + RCETensorName.parametersSuffix, row: index / perRow,
                                                        group: index % perRow, mantissa: parameter.scaleMantissa)
            }
            if parameter.zero > WeightCode.maxCode {
                throw RCEFormatError.zeroPointOutOfRange(tensor: name + RCETensorName.parametersSuffix, row: index / perRow,
                                                         group: index % perRow, zero: parameter.zero)
            }
        }
        for (row, scale) in matrix.rowScales.enumerated() where !(scale.isFinite && scale > 0) {
            throw RCEFormatError.invalidRowScale(tensor: name + RCETensorName.rowScalesSuffix, row: row, value: scale)
        }
    }
}
