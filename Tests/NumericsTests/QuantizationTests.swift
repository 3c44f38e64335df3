import Numerics
import Testing

@Suite struct SparseGroupTests {
    @Test func everyValidByteRoundTrips() {
        var valid = 0
        for byte in UInt8.min...UInt8.max {
            guard let group = SparseGroup(byte: byte) else {
                #expect((byte & 3) >= ((byte >> 2) & 3))
                continue
            }
            valid += 1
            #expect(group.byte == byte)
            #expect(group.firstIndex < group.secondIndex)
        }
        #expect(valid == 6 * 16)  // six index pairs, sixteen code pairs
    }

    @Test func operandIsCodeMinusTwoInTwoBits() {
        #expect((0...3).map { WeightCode.operand(UInt8($0)) } == [-2, -1, 0, 1])
        for code in UInt8(0)...3 {
            let bits = Int64(WeightCode.operandBits(code))
            #expect(Bits.signExtend(bits, width: 2) == WeightCode.operand(code))
        }
    }
}

@Suite struct WeightQuantizerTests {
    @Test func rangeAlwaysContainsZero() {
        #expect(WeightQuantizer.range(of: [Float(0.5), 2]) == (0, 2))
        #expect(WeightQuantizer.range(of: [Float(-3), -1]) == (-3, 0))
        #expect(WeightQuantizer.range(of: [Float(0), 0]) == (-1, 1))
    }

    @Test func snappedParametersReproduceTheRangeEnds() {
        let rowScale = WeightQuantizer.rowScale(maxGroupScale: 1)
        let p = WeightQuantizer.parameters(min: -1.5, max: 1.5, rowScale: rowScale)
        #expect(p.scaleMantissa == WeightQuantizer.maxScaleMantissa)
        let scale = p.scale(rowScale: rowScale)
        #expect(WeightQuantizer.dequantize(code: 0, scale: scale, zero: p.zero) < 0)
        #expect(WeightQuantizer.code(100, scale: scale, zero: p.zero) == 3)
        #expect(WeightQuantizer.code(-100, scale: scale, zero: p.zero) == 0)
    }

    @Test func mantissaNeverZero() {
        let p = WeightQuantizer.parameters(min: -1e-12, max: 1e-12, rowScale: 1)
        #expect(p.scaleMantissa == 1)
    }

    @Test func ties_roundToEven() {
        #expect(roundClamped(2.5, 0...10) == 2)
        #expect(roundClamped(3.5, 0...10) == 4)
        #expect(roundClamped(-0.5, -3...3) == 0)
        #expect(roundClamped(.nan, -3...3) == -3)
        #expect(roundClamped(.infinity, -3...3) == 3)
    }
}

@Suite struct SparseDotProductTests {
    /// rowSum must equal Σ m_g · Σ x · (q − z), computed from the dense layout directly.
    @Test func rowSumEqualsDenseIntegerDot() {
        var rng = SplitMix64(seed: 11)
        for columns in [4, 8, 32, 36, 172, 256] {
            for groupSize in [8, 32, 128] {
                let activations = (0..<columns).map { _ in Int8(rng.activation()) }
                let groups = (0..<columns / 4).map { _ -> SparseGroup in
                    let pairs = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
                    let (i, j) = pairs[Int(rng.next() % 6)]
                    return SparseGroup(firstIndex: i, secondIndex: j,
                                       firstCode: UInt8(rng.next() % 4), secondCode: UInt8(rng.next() % 4))!
                }
                let parameterCount = (columns + groupSize - 1) / groupSize
                let parameters = (0..<parameterCount).map { _ in
                    WeightGroupParameters(scaleMantissa: UInt8(rng.next() % UInt64(WeightQuantizer.maxScaleMantissa) + 1), zero: UInt8(rng.next() % 4))
                }
                var expected: Int64 = 0
                for (j, group) in groups.enumerated() {
                    let parameter = parameters[j * 4 / groupSize]
                    for (index, code) in [(group.firstIndex, group.firstCode), (group.secondIndex, group.secondCode)] {
                        let x = Int64(activations[j * 4 + index])
                        expected += Int64(parameter.scaleMantissa) * x * (Int64(code) - Int64(parameter.zero))
                    }
                }
                let actual = activations.withUnsafeBufferPointer {
                    SparseDotProduct.rowSum(groups: groups, parameters: parameters, groupSize: groupSize, activations: $0)
                }
                #expect(actual == expected, "columns \(columns) group \(groupSize)")
            }
        }
    }

    @Test func accumulatorWidths() {
        #expect(SparseDotProduct.groupSumBound(groupSize: 32) == 16 * 381)
        #expect(SparseDotProduct.groupSumWidth(groupSize: 32) == 14)
        #expect(SparseDotProduct.rowSumWidth(columns: 11008, groupSize: 32) <= 32)
    }
}

@Suite struct ActivationQuantizerTests {
    @Test func symmetricPerTokenCodes() {
        let q = ActivationQuantizer.quantize([0.5, -1.0, 0.25, 0])
        #expect(q.codes == [64, -127, 32, 0])  // 63.5 rounds to even 64; 31.75 to 32
        #expect(q.scale == 1.0 / 127)
    }

    @Test func zeroVectorHasUnitScale() {
        let q = ActivationQuantizer.quantize([0, 0, 0])
        #expect(q.codes == [0, 0, 0])
        #expect(q.scale == 1)
    }

    @Test func neverProducesMinus128() {
        let q = ActivationQuantizer.quantize([-1, 1, -0.999])
        #expect(q.codes.allSatisfy { $0 >= -127 })
    }
}

@Suite struct KVQuantizerTests {
    @Test func endsAreExactAndErrorIsBoundedByHalfAStep() {
        let values: [Float] = [-0.75, 0.1, 0.3, 1.25, 0.5, -0.2, 0.9, 0.0]
        let q = KVQuantizer.quantize(values)
        #expect(q.codes.allSatisfy { $0 <= 15 })
        let step = Float(q.scale)
        for (value, restored) in zip(values, q.dequantized()) {
            #expect(abs(value - restored) <= step / 2 + 1e-3)
        }
    }

    @Test func constantVectorIsExact() {
        let q = KVQuantizer.quantize([0.5, 0.5, 0.5])
        #expect(q.dequantized() == [0.5, 0.5, 0.5])
    }
}
