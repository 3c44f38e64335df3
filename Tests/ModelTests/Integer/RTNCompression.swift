import Model
import Numerics

/// A stand-in compressor for the integer-path tests (ModelTests cannot import Compress):
/// 2:4 by magnitude, then W2 round-to-nearest per group on Numerics' grid
/// (`WeightQuantizer`), so the weights are exactly representable `SparseQuantizedMatrix`
/// values. The real compressor's output goes through the same types.
enum RTNCompression {
    static func matrix(_ dense: [Float], rows: Int, columns: Int, groupSize: Int) -> SparseQuantizedMatrix {
        let sparse = (columns + 3) / 4, perGroup = groupSize / 4, quantization = (columns + groupSize - 1) / groupSize
        var groups = [SparseGroup](), parameters = [WeightGroupParameters](), rowScales = [Float]()
        for row in 0..<rows {
            func weight(_ column: Int) -> Float { column < columns ? dense[row * columns + column] : 0 }
            // Keep the two largest magnitudes of every four (ties: the lower index).
            let kept: [(Int, Int)] = (0..<sparse).map { j in
                let order = (0..<4).sorted { abs(weight(4 * j + $0)) > abs(weight(4 * j + $1)) || (abs(weight(4 * j + $0)) == abs(weight(4 * j + $1)) && $0 < $1) }
                return (min(order[0], order[1]), max(order[0], order[1]))
            }
            let ranges = (0..<quantization).map { g in
                WeightQuantizer.range(of: (g * perGroup..<min((g + 1) * perGroup, sparse)).flatMap { j in
                    [weight(4 * j + kept[j].0), weight(4 * j + kept[j].1)]
                })
            }
            let rowScale = WeightQuantizer.rowScale(maxGroupScale: ranges.map { WeightQuantizer.floatParameters(min: $0.min, max: $0.max).scale }.max()!)
            let rowParameters = ranges.map { WeightQuantizer.parameters(min: $0.min, max: $0.max, rowScale: rowScale) }
            for j in 0..<sparse {
                let parameter = rowParameters[j / perGroup]
                let scale = parameter.scale(rowScale: rowScale)
                let codes = [kept[j].0, kept[j].1].map { WeightQuantizer.code(weight(4 * j + $0), scale: scale, zero: parameter.zero) }
                groups.append(SparseGroup(firstIndex: kept[j].0, secondIndex: kept[j].1, firstCode: codes[0], secondCode: codes[1])!)
            }
            parameters += rowParameters
            rowScales.append(rowScale)
        }
        return SparseQuantizedMatrix(rows: rows, columns: columns, groupSize: groupSize, groups: groups,
                                     parameters: parameters, rowScales: rowScales)
    }

    static func model(_ weights: ModelWeights, groupSize: Int, kvBits: Int = 4, sinks: Int = 4, window: Int = 0) throws -> CompressedModel {
        let config = weights.config
        let layers = weights.layers.map { layer in
            CompressedLayer(attentionNorm: layer.attentionNorm, ffnNorm: layer.ffnNorm,
                            matrices: Dictionary(uniqueKeysWithValues: LinearSite.allCases.map { site in
                                let shape = site.shape(in: config)
                                return (site, matrix(layer[site], rows: shape.rows, columns: shape.columns, groupSize: groupSize))
                            }))
        }
        return try CompressedModel(config: config,
                                   settings: try CompressionSettings(groupSize: groupSize, pruneMethod: "magnitude", quantizer: "rtn",
                                                                     kvBits: kvBits, sinks: sinks, window: window),
                                   embedding: weights.embedding, layers: layers, finalNorm: weights.finalNorm,
                                   classifier: config.sharedClassifier ? nil : weights.classifier)
    }
}
