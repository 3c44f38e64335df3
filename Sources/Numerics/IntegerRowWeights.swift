/// `SparseDotProduct.rowSum` evaluated as a dense integer dot product, for software
/// speed (the integer inference path runs it for every row of every token).
///
/// Exact reformulation: `groupSum_g = Σ_kept x · (q − z)` (the operand split `c + (2 − z)`
/// is only how the DSP computes it), so `rowSum = Σ_g m_g · groupSum_g = Σ_c x_c · w_c`
/// with the integer weight `w_c = m_g · (q − z)` for a kept weight in column c and 0 for
/// a pruned one. Both sides are exact integers, so they are equal for every input;
/// `Tests/NumericsTests` checks it against `rowSum` on random and extreme cases. This is
/// the same rule, not a second one: the hardware computes `rowSum`.
///
/// The weights and codes are held as fp32 numbers (exact: integers below 2^10), because
/// fp32 SIMD multiplies are fast on every x86-64 while 32-bit integer ones need SSE4.1.
/// Still exact: a product is an integer of magnitude ≤ 127 · 765 = 97,155, and at most
/// 128 of them (one chunk of columns, across all lanes) are added in fp32 before the chunk
/// sum is widened to Int64; every partial sum is then an integer below 128 · 97,155 < 2^24,
/// where fp32 addition is exact whatever the order.
public struct IntegerRowWeights: Sendable {
    public let rows: Int
    public let columns: Int
    /// Columns padded to a whole number of SIMD lanes; activations must be padded alike.
    public let paddedColumns: Int
    /// `rows × paddedColumns`: `m · (q − z)` in -765...765, 0 where pruned or padded.
    public let weights: [Float]

    public static let lanes = 8
    /// Columns summed in fp32 (lanes and their total) before widening to Int64: every
    /// partial sum is an integer below 128 · 97,155 < 2^24 and exact.
    @usableFromInline static let maxChunk = 128

    /// `groups` row-major, `columns / 4` rounded up per row; `parameters` row-major, one
    /// per quantization group of `groupSize` columns (the layout of `SparseDotProduct.rowSum`).
    public init(rows: Int, columns: Int, groupSize: Int, groups: [SparseGroup], parameters: [WeightGroupParameters]) {
        let sparsePerRow = (columns + SparseGroup.denseWidth - 1) / SparseGroup.denseWidth
        let parametersPerRow = (columns + groupSize - 1) / groupSize
        precondition(groupSize % SparseGroup.denseWidth == 0, "group size must be a multiple of 4")
        precondition(groups.count == rows * sparsePerRow && parameters.count == rows * parametersPerRow, "counts do not match the shape")
        self.rows = rows
        self.columns = columns
        paddedColumns = (sparsePerRow * SparseGroup.denseWidth + Self.lanes - 1) / Self.lanes * Self.lanes
        var weights = [Float](repeating: 0, count: rows * paddedColumns)
        for row in 0..<rows {
            for j in 0..<sparsePerRow {
                let group = groups[row * sparsePerRow + j]
                let parameter = parameters[row * parametersPerRow + j * SparseGroup.denseWidth / groupSize]
                let mantissa = Int(parameter.scaleMantissa), zero = Int(parameter.zero)
                let base = row * paddedColumns + j * SparseGroup.denseWidth
                // Columns past `columns` meet zero activations, as in `rowSum`.
                weights[base + group.firstIndex] = Float(mantissa * (Int(group.firstCode) - zero))
                weights[base + group.secondIndex] = Float(mantissa * (Int(group.secondCode) - zero))
            }
        }
        self.weights = weights
    }

    /// `rowSum` of `row` for `paddedColumns` INT8 codes (zero past `columns`), as fp32.
    @inlinable
    public func rowSum(_ row: Int, activations: UnsafePointer<Float>) -> Int64 {
        weights.withUnsafeBufferPointer { Self.rowSum($0.baseAddress! + row * paddedColumns, activations, paddedColumns) }
    }

    /// Every row's `rowSum` into `sums` (`rows` values), four rows at a time (independent
    /// sums that keep the core busy), each row exactly as `rowSum(_:activations:)`.
    @inlinable
    public func rowSums(activations x: UnsafePointer<Float>, into sums: UnsafeMutablePointer<Int64>) {
        weights.withUnsafeBufferPointer { buffer in
            let count = paddedColumns
            var row = 0
            while row + 4 <= rows {
                let r0 = buffer.baseAddress! + row * count, r1 = r0 + count, r2 = r1 + count, r3 = r2 + count
                var t0: Int64 = 0, t1: Int64 = 0, t2: Int64 = 0, t3: Int64 = 0
                var column = 0
                while column < count {
                    let end = column + Self.maxChunk < count ? column + Self.maxChunk : count
                    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
                    while column < end {
                        let xv = UnsafeRawPointer(x + column).loadUnaligned(as: SIMD8<Float>.self)
                        a0 += UnsafeRawPointer(r0 + column).loadUnaligned(as: SIMD8<Float>.self) * xv
                        a1 += UnsafeRawPointer(r1 + column).loadUnaligned(as: SIMD8<Float>.self) * xv
                        a2 += UnsafeRawPointer(r2 + column).loadUnaligned(as: SIMD8<Float>.self) * xv
                        a3 += UnsafeRawPointer(r3 + column).loadUnaligned(as: SIMD8<Float>.self) * xv
                        column &+= 8
                    }
                    t0 &+= Int64(Self.total(a0))
                    t1 &+= Int64(Self.total(a1))
                    t2 &+= Int64(Self.total(a2))
                    t3 &+= Int64(Self.total(a3))
                }
                sums[row] = t0
                sums[row + 1] = t1
                sums[row + 2] = t2
                sums[row + 3] = t3
                row += 4
            }
            while row < rows {
                sums[row] = Self.rowSum(buffer.baseAddress! + row * count, x, count)
                row += 1
            }
        }
    }

    /// The lanes added pairwise (fewer steps than `sum()`'s lane-by-lane order; exact in
    /// any order, since every partial sum is an integer below 2^24).
    @inlinable @inline(__always)
    static func total(_ lanes: SIMD8<Float>) -> Float {
        let half = lanes.lowHalf + lanes.highHalf
        let quarter = half.lowHalf + half.highHalf
        return quarter[0] + quarter[1]
    }

    /// One row: `count` (a multiple of `lanes`) weights at `w` times codes at `x`, exact.
    @inlinable
    static func rowSum(_ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ count: Int) -> Int64 {
        var total: Int64 = 0
        var column = 0
        while column < count {
            let end = column + maxChunk < count ? column + maxChunk : count
            var lanes = SIMD8<Float>()
            while column < end {
                lanes += UnsafeRawPointer(w + column).loadUnaligned(as: SIMD8<Float>.self)
                    * UnsafeRawPointer(x + column).loadUnaligned(as: SIMD8<Float>.self)
                column &+= 8
            }
            total &+= Int64(Self.total(lanes))
        }
        return total
    }
}
