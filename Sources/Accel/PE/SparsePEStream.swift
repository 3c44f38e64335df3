import Numerics

/// One beat of a `SparsePE`'s input stream.
public struct SparsePEBeat: Sendable, Equatable {
    /// `4 × lanes` INT8 activations: lane j's group of four at `4j ..< 4j + 4`.
    public var activations: [Int8]
    /// `lanes` sparse-group bytes (`SparseGroup.byte`).
    public var weights: [UInt8]
    public var zero: UInt8
    public var mantissa: UInt8
    public var groupLast: Bool
    public var rowLast: Bool
}

extension SparsePE {
    /// The beats that feed one row to the PE: each quantization group of `groupSize`
    /// dense columns (the last may be short) as `groupSize / (4 · lanes)` beats or fewer,
    /// lanes past the row's end padded. `groups` are the row's sparse groups, one per
    /// four dense columns; `activations` has at least `4 · groups.count` entries.
    public func beats(groups: ArraySlice<SparseGroup>, parameters: ArraySlice<WeightGroupParameters>,
                      groupSize: Int, activations: UnsafeBufferPointer<Int8>) throws -> [SparsePEBeat] {
        let columnsPerBeat = lanes * SparseGroup.denseWidth
        guard groupSize % columnsPerBeat == 0, groupSize <= maxGroupSize else {
            throw AccelConfigurationError("group size \(groupSize) must be a multiple of \(columnsPerBeat) and at most \(maxGroupSize) for this PE")
        }
        guard activations.count >= groups.count * SparseGroup.denseWidth else {
            throw AccelConfigurationError("\(activations.count) activations for \(groups.count) sparse groups")
        }
        let sparsePerGroup = groupSize / SparseGroup.denseWidth
        let quantizationGroups = (groups.count + sparsePerGroup - 1) / sparsePerGroup
        guard parameters.count >= quantizationGroups else {
            throw AccelConfigurationError("\(parameters.count) group parameters for \(quantizationGroups) quantization groups")
        }
        var beats: [SparsePEBeat] = []
        let first = groups.startIndex
        for (g, parameter) in zip(0..<quantizationGroups, parameters) {
            let groupEnd = min((g + 1) * sparsePerGroup, groups.count)
            var start = g * sparsePerGroup
            while start < groupEnd {
                var beat = SparsePEBeat(activations: [], weights: [], zero: parameter.zero, mantissa: parameter.scaleMantissa,
                                        groupLast: false, rowLast: false)
                for lane in 0..<lanes {
                    let index = start + lane
                    if index < groupEnd {
                        beat.weights.append(groups[first + index].byte)
                        for i in 0..<SparseGroup.denseWidth { beat.activations.append(activations[index * SparseGroup.denseWidth + i]) }
                    } else {
                        // Lanes past a short group's end: operands 0, activations 0.
                        beat.weights.append(SparseGroup.padding.byte)
                        beat.activations.append(contentsOf: [0, 0, 0, 0])
                    }
                }
                start += lanes
                beat.groupLast = start >= groupEnd
                beat.rowLast = beat.groupLast && g == quantizationGroups - 1
                beats.append(beat)
            }
        }
        return beats
    }
}
