import Accel
import Numerics
import Testing

@Suite struct SparsePEStreamTests {
    /// Evaluates a beat stream in Swift the way the PE's datapath does (lane dot products,
    /// selected sums, zero term at group end, mantissa, row accumulation).
    static func evaluate(_ beats: [SparsePEBeat]) -> [Int64] {
        var rows: [Int64] = [], row: Int64 = 0, dot: Int64 = 0, selected: Int64 = 0
        for beat in beats {
            for (lane, byte) in beat.weights.enumerated() {
                let group = SparseGroup(byte: byte)!
                let x1 = Int64(beat.activations[4 * lane + group.firstIndex]), x2 = Int64(beat.activations[4 * lane + group.secondIndex])
                let (w1, w2) = group.operands
                dot += TwoTermDot.standard.dot([(x1: x1, x2: x2, w1: w1, w2: w2)])
                selected += x1 + x2
            }
            if beat.groupLast {
                row += Int64(beat.mantissa) * (dot + (WeightCode.operandBias - Int64(beat.zero)) * selected)
                dot = 0
                selected = 0
            }
            if beat.rowLast {
                rows.append(row)
                row = 0
            }
        }
        return rows
    }

    @Test(arguments: [(8, 32, 172), (8, 32, 4), (4, 64, 300), (2, 256, 1_000), (8, 128, 11_008)])
    func beatsCarryExactlyTheRowSum(lanes: Int, groupSize: Int, columns: Int) throws {
        let pe = try SparsePE(lanes: lanes, maxGroupSize: groupSize, maxColumns: 11_008)
        var state: UInt64 = 0x1234
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
        let sparse = (columns + 3) / 4
        let groups = (0..<sparse).map { _ -> SparseGroup in
            let pair = pairs[Int(next() % 6)]
            return SparseGroup(firstIndex: pair.0, secondIndex: pair.1, firstCode: UInt8(next() & 3), secondCode: UInt8(next() & 3))!
        }
        let parameters = (0..<((columns + groupSize - 1) / groupSize)).map { _ in
            WeightGroupParameters(scaleMantissa: UInt8(1 + next() % 255), zero: UInt8(next() & 3))
        }
        let activations = (0..<(4 * sparse)).map { $0 < columns ? Int8(truncatingIfNeeded: next()) : 0 }
        let beats = try activations.withUnsafeBufferPointer {
            try pe.beats(groups: groups[...], parameters: parameters[...], groupSize: groupSize, activations: $0)
        }
        let columnsPerBeat = 4 * lanes
        let expectedBeats = (0..<parameters.count).map { g in
            (min((g + 1) * groupSize, 4 * sparse) - g * groupSize + columnsPerBeat - 1) / columnsPerBeat
        }.reduce(0, +)
        #expect(beats.count == expectedBeats)
        #expect(beats.filter(\.groupLast).count == parameters.count)
        #expect(beats.last?.rowLast == true && beats.filter(\.rowLast).count == 1)
        let reference = activations.withUnsafeBufferPointer {
            SparseDotProduct.rowSum(groups: groups, parameters: parameters, groupSize: groupSize, activations: $0)
        }
        #expect(Self.evaluate(beats) == [reference])
    }

    @Test func streamRejectsGroupSizesThePECannotTake() throws {
        let pe = try SparsePE(lanes: 8, maxGroupSize: 64, maxColumns: 1_024)
        let groups = [SparseGroup](repeating: SparseGroup.padding, count: 16)
        let parameters = [WeightGroupParameters](repeating: WeightGroupParameters(scaleMantissa: 1, zero: 2), count: 4)
        let activations = [Int8](repeating: 1, count: 64)
        #expect(throws: AccelConfigurationError.self) {
            try activations.withUnsafeBufferPointer { try pe.beats(groups: groups[...], parameters: parameters[...], groupSize: 48, activations: $0) }
        }
        #expect(throws: AccelConfigurationError.self) {
            try activations.withUnsafeBufferPointer { try pe.beats(groups: groups[...], parameters: parameters[...], groupSize: 128, activations: $0) }
        }
    }
}
