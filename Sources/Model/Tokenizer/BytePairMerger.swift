/// The merge phase of `Tokenizer.encode`: tokens in a linked list, candidate pairs in a
/// max-heap by (score, then leftmost position), stale candidates skipped on pop.
struct BytePairMerger {
    /// run.c starts its best score at -1e10 and needs a strictly greater one to merge.
    static let scoreFloor: Float = -1e10

    private struct Candidate {
        let score: Float
        let left: Int
        let leftToken: Int
        let rightToken: Int
        let merged: Int

        /// Heap order: higher score first, then the leftmost pair.
        func precedes(_ other: Candidate) -> Bool {
            score != other.score ? score > other.score : left < other.left
        }
    }

    private let tokenizer: Tokenizer
    private var tokens: [Int]
    private var next: [Int]
    private var previous: [Int]
    private var heap: [Candidate] = []
    private var mergeCache: [Int: Int] = [:]

    init(tokenizer: Tokenizer, tokens: [Int]) {
        self.tokenizer = tokenizer
        self.tokens = tokens
        next = Array(1...max(tokens.count, 1))
        next[max(tokens.count - 1, 0)] = -1
        previous = (0..<tokens.count).map { $0 - 1 }
    }

    mutating func run() -> [Int] {
        guard tokens.count > 1 else { return tokens }
        for left in 0..<tokens.count - 1 { push(left: left) }
        while let candidate = pop() {
            let right = next[candidate.left]
            guard right >= 0, tokens[candidate.left] == candidate.leftToken, tokens[right] == candidate.rightToken else { continue }
            tokens[candidate.left] = candidate.merged
            tokens[right] = -1
            let after = next[right]
            next[candidate.left] = after
            if after >= 0 { previous[after] = candidate.left }
            if previous[candidate.left] >= 0 { push(left: previous[candidate.left]) }
            if after >= 0 { push(left: candidate.left) }
        }
        var result: [Int] = []
        var node = 0
        while node >= 0 {
            result.append(tokens[node])
            node = next[node]
        }
        return result
    }

    /// The piece id of the concatenation of two tokens' pieces, or -1.
    private mutating func mergedId(_ a: Int, _ b: Int) -> Int {
        let key = a << 32 | b
        if let cached = mergeCache[key] { return cached }
        let id = tokenizer.id(of: tokenizer.pieces[a] + tokenizer.pieces[b]) ?? -1
        mergeCache[key] = id
        return id
    }

    private mutating func push(left: Int) {
        let right = next[left]
        let leftToken = tokens[left], rightToken = tokens[right]
        let merged = mergedId(leftToken, rightToken)
        guard merged >= 0, tokenizer.scores[merged] > Self.scoreFloor else { return }
        heap.append(Candidate(score: tokenizer.scores[merged], left: left, leftToken: leftToken, rightToken: rightToken, merged: merged))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func pop() -> Candidate? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var best = parent
                if left < heap.count, heap[left].precedes(heap[best]) { best = left }
                if right < heap.count, heap[right].precedes(heap[best]) { best = right }
                if best == parent { break }
                heap.swapAt(parent, best)
                parent = best
            }
        }
        return top
    }
}
