/// The integer arithmetic of one output row of a 2:4-sparse W2A8 linear layer: exactly
/// what the RCE computes, and what the integer inference path calls.
///
/// For quantization group g (G dense inputs, G/4 sparse groups j):
///   `groupSum_g = Σ_j (x_j1·c_j1 + x_j2·c_j2) + (2 − z_g) · Σ_j (x_j1 + x_j2)`
/// where x are the INT8 activations the sparse selector picks and c the signed 2-bit
/// operands; this equals `Σ x · (q − z)` exactly. Then the row accumulator
///   `rowSum = Σ_g m_g · groupSum_g`    (m: 6-bit scale mantissa; exact integer)
/// and the real output `y = (Float(rowSum) · rowScale) · activationScale` in fp32,
/// left to right, each operation rounded to nearest even.
public enum SparseDotProduct {
    /// The dot-product part of one sparse group (what one DSP lane produces).
    @inlinable
    public static func groupProduct(_ group: SparseGroup, activations: UnsafeBufferPointer<Int8>, base: Int) -> Int64 {
        let (c1, c2) = group.operands
        return Int64(activations[base + group.firstIndex]) * c1 + Int64(activations[base + group.secondIndex]) * c2
    }

    /// Sum of the two activations the group selects (feeds the zero-point term).
    @inlinable
    public static func selectedSum(_ group: SparseGroup, activations: UnsafeBufferPointer<Int8>, base: Int) -> Int64 {
        Int64(activations[base + group.firstIndex]) + Int64(activations[base + group.secondIndex])
    }

    /// `groupSum_g` for the sparse groups `groups` starting at dense column `base`.
    public static func groupSum(groups: ArraySlice<SparseGroup>, zero: UInt8,
                                activations: UnsafeBufferPointer<Int8>, base: Int) -> Int64 {
        var products: Int64 = 0, selected: Int64 = 0
        var column = base
        for group in groups {
            products += groupProduct(group, activations: activations, base: column)
            selected += selectedSum(group, activations: activations, base: column)
            column += SparseGroup.denseWidth
        }
        return products + (WeightCode.operandBias - Int64(zero)) * selected
    }

    /// `rowSum` of one row: `groups` are the row's sparse groups (dense columns / 4, the
    /// activations padded with zeros to a multiple of 4), `parameters` one per quantization
    /// group of `groupSize` dense columns (the last group may be short).
    public static func rowSum(groups: [SparseGroup], parameters: [WeightGroupParameters], groupSize: Int,
                              activations: UnsafeBufferPointer<Int8>) -> Int64 {
        precondition(groupSize % SparseGroup.denseWidth == 0, "group size must be a multiple of 4")
        let sparsePerGroup = groupSize / SparseGroup.denseWidth
        var total: Int64 = 0
        for (g, parameter) in parameters.enumerated() {
            let first = g * sparsePerGroup
            let last = min(first + sparsePerGroup, groups.count)
            guard first < last else { break }
            let sum = groupSum(groups: groups[first..<last], zero: parameter.zero,
                               activations: activations, base: first * SparseGroup.denseWidth)
            total += Int64(parameter.scaleMantissa) * sum
        }
        return total
    }

    /// The real output of a row: `(Float(rowSum) · rowScale) · activationScale`.
    @inlinable
    public static func output(rowSum: Int64, rowScale: Float, activationScale: Float) -> Float {
        (Float(rowSum) * rowScale) * activationScale
    }

    /// Largest |groupSum| for a group of `groupSize` dense inputs: G/2 kept weights, each
    /// |x · (q − z)| ≤ 127 · 3.
    public static func groupSumBound(groupSize: Int) -> Int64 {
        Int64(groupSize / SparseGroup.denseWidth * SparseGroup.keptCount) * 127 * 3
    }

    /// Signed bits the group accumulator needs.
    public static func groupSumWidth(groupSize: Int) -> Int {
        let bound = groupSumBound(groupSize: groupSize)
        return Bits.signedWidth(low: -bound, high: bound)
    }

    /// Signed bits the row accumulator needs for `columns` dense inputs.
    public static func rowSumWidth(columns: Int, groupSize: Int) -> Int {
        let groups = Int64((columns + groupSize - 1) / groupSize)
        let bound = groups * Int64(WeightQuantizer.maxScaleMantissa) * groupSumBound(groupSize: groupSize)
        return Bits.signedWidth(low: -bound, high: bound)
    }
}
