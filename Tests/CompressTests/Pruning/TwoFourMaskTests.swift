import Testing
import Compress

@Suite struct TwoFourMaskTests {
    @Test func prunesTheTwoLeastSalientPerRow() {
        let kept = TwoFourMask.keep(scores: [4, 1, 3, 2, /* row 1 */ 0, 0, 5, 0], rows: 2, sharedRows: 1)
        // Row 1: the three tied zeros prune columns 0 and 1 (lower indices first).
        #expect(kept == [true, false, true, false, false, false, true, true])
    }

    @Test func sharedRowsUseTheSummedSaliency() {
        // Alone, row 0 would keep {0, 1} and row 1 {2, 3}; jointly the sums are (10, 9, 8, 11).
        let kept = TwoFourMask.keep(scores: [9, 8, 0, 1, 1, 1, 8, 10], rows: 2, sharedRows: 2)
        #expect(kept == [true, false, false, true, true, false, false, true])
    }
}
