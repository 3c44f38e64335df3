import CoSim
import Testing

extension CoSimulation {
    @Suite("Ports wider than 64 bits")
    struct WidePortTests {
        /// A random value of `width` bits (sign-extended when signed).
        private func randomValue(_ random: inout TestRandom, width: Int, signed: Bool) -> PortValue {
            let limbs = (0 ..< (width + 63) / 64).map { _ in random.next() }
            return PortValue(bits: limbs, width: width, signed: signed)
        }

        /// {d[99:0], d[199:100]}: the two 100-bit halves swapped.
        private func swapHalves(_ value: PortValue) -> PortValue {
            var limbs = [UInt64](repeating: 0, count: 4)
            for bit in 0 ..< 200 where value.bit(bit < 100 ? bit + 100 : bit - 100) {
                limbs[bit / 64] |= UInt64(1) << UInt64(bit % 64)
            }
            return PortValue(bits: limbs, width: 200, signed: false)
        }

        @Test func twoHundredBitRoundTripWithStalls() throws {
            let model = try SharedModels.widePipe.get()
            var random = TestRandom(state: 21)
            var vectors: [[String: PortValue]] = []
            var expected: [[String: PortValue]] = []
            for index in 0 ..< 3_000 {
                var d = randomValue(&random, width: 200, signed: false)
                var s = randomValue(&random, width: 100, signed: true)
                var m = randomValue(&random, width: 40, signed: false)
                // Edge values first: all ones, the most negative 100-bit number, 40-bit wrap-around.
                if index == 0 {
                    d = PortValue(bits: [~0, ~0, ~0, ~0], width: 200, signed: false)
                    s = PortValue(bits: [0, 1 << 35], width: 100, signed: true)
                    m = PortValue(bits: [~0], width: 40, signed: false)
                }
                let next = ((m.int64Value ?? 0) + 1) & ((1 << 40) - 1)
                vectors.append(["d": d, "s": s, "m": m])
                expected.append(["q": swapHalves(d), "sq": s, "mq": PortValue(next)])
            }
            #expect(expected[0]["sq"]?.isNegative == true)
            #expect(expected[0]["mq"] == PortValue(0))
            let report = try model.run(vectors: vectors, expected: expected, options: CoSimRunOptions(seed: 8, stallProbability: 0.3))
            #expect(report.passed, "\(report)")
            #expect(report.actualOutputCount == 3_000)
        }

        @Test func wideMismatchIsRenderedInFull() throws {
            let model = try SharedModels.widePipe.get()
            let d = PortValue(bits: [1, 2, 3, 4], width: 200, signed: false)
            let s = PortValue(-5)
            let vectors: [[String: PortValue]] = [["d": d, "s": s, "m": 7]]
            let expected: [[String: PortValue]] = [["q": swapHalves(d), "sq": PortValue(-6), "mq": 8]]
            let report = try model.run(vectors: vectors, expected: expected, options: CoSimRunOptions(seed: 1))
            #expect(report.mismatchCount == 1)
            let mismatch = try #require(report.firstMismatch)
            #expect(mismatch.port == "sq")
            #expect(mismatch.actual == PortValue(-5))
            #expect(mismatch.expected.hexString(width: 100) == "0xffffffffffffffffffffffffa")
            #expect(report.description.contains("actual -5 (0xffffffffffffffffffffffffb)"))
        }
    }
}
