/// Which signals each signal depends on within the same clock cycle. Registers and
/// memory read data start a new cycle, so they have no combinational inputs; an instance
/// output depends on the inputs its module reports as combinationally connected.
struct CombinationalGraph {
    let signals: [SignalDeclaration]
    /// Signal index to the signals it reads combinationally.
    private(set) var edges: [[Int]]

    init(signals: [SignalDeclaration], drivers: [Int: Driver], instances: [InstanceDefinition]) {
        self.signals = signals
        var edges = [[Int]](repeating: [], count: signals.count)
        for (index, driver) in drivers {
            var reads = Set<Int>()
            driver.expr.forEachReference { reads.insert($0) }
            edges[index] = reads.sorted()
        }
        for instance in instances {
            let inputReads = Dictionary(uniqueKeysWithValues: instance.inputs.map { connection -> (String, [Int]) in
                var reads = Set<Int>()
                connection.expr.forEachReference { reads.insert($0) }
                return (connection.port, reads.sorted())
            })
            for output in instance.outputs {
                guard case .ref(let signal) = output.expr.op else { continue }
                let sources = instance.module.definition.combinationalPaths[output.port] ?? []
                edges[signal] = Set(sources.sorted().flatMap { inputReads[$0] ?? [] }).sorted()
            }
        }
        self.edges = edges
    }

    /// One combinational cycle as a list of signal indices, or nil.
    func findLoop() -> [Int]? {
        enum Mark { case unvisited, onPath, done }
        var marks = [Mark](repeating: .unvisited, count: signals.count)
        var path: [Int] = []
        // Iterative depth-first search: deep adder chains must not overflow the stack.
        for start in signals.indices where marks[start] == .unvisited {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            marks[start] = .onPath
            path = [start]
            while let top = stack.last {
                if top.next < edges[top.node].count {
                    stack[stack.count - 1].next += 1
                    let successor = edges[top.node][top.next]
                    switch marks[successor] {
                    case .onPath:
                        guard let begin = path.firstIndex(of: successor) else { return [successor] }
                        return Array(path[begin...])
                    case .unvisited:
                        marks[successor] = .onPath
                        path.append(successor)
                        stack.append((successor, 0))
                    case .done:
                        break
                    }
                } else {
                    marks[top.node] = .done
                    stack.removeLast()
                    path.removeLast()
                }
            }
        }
        return nil
    }

    /// For each output port, the input ports it reaches without passing a register.
    func outputDependencies(ports: [Int]) -> [String: Set<String>] {
        var result: [String: Set<String>] = [:]
        for port in ports where signals[port].role == .output {
            var seen = Set<Int>([port])
            var work = [port]
            var inputs = Set<String>()
            while let node = work.popLast() {
                if signals[node].role == .input { inputs.insert(signals[node].name) }
                for successor in edges[node] where seen.insert(successor).inserted {
                    work.append(successor)
                }
            }
            result[signals[port].name] = inputs
        }
        return result
    }
}
