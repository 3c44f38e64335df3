/// The 2:4 mask choice for one group of four columns: in every row (or every block of
/// `sharedRows` consecutive rows, jointly) the two positions of least saliency are
/// pruned. Saliency is whatever score the caller passes (w² for magnitude pruning,
/// w²/[H⁻¹]²_jj for OBS).
public enum TwoFourMask {
    /// `scores`: `rows × 4`, row-major. Returns the kept flags in the same layout. Ties
    /// prune the lower column index first, so the choice is deterministic.
    public static func keep(scores: [Double], rows: Int, sharedRows: Int) -> [Bool] {
        precondition(scores.count == rows * 4 && sharedRows >= 1, "scores must be rows × 4")
        var kept = [Bool](repeating: false, count: rows * 4)
        var rowStart = 0
        while rowStart < rows {
            let rowEnd = Swift.min(rowStart + sharedRows, rows)
            var summed = [Double](repeating: 0, count: 4)
            for row in rowStart..<rowEnd {
                for k in 0..<4 { summed[k] += scores[row * 4 + k] }
            }
            let order = (0..<4).sorted { summed[$0] != summed[$1] ? summed[$0] < summed[$1] : $0 < $1 }
            for row in rowStart..<rowEnd {
                for k in order.suffix(2) { kept[row * 4 + k] = true }
            }
            rowStart = rowEnd
        }
        return kept
    }
}
