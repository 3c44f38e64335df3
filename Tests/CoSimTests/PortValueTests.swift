import CoSim
import Testing

@Suite("PortValue: arbitrary-width two's complement values")
struct PortValueTests {
    @Test func rangeChecksFollowWidthAndSignedness() {
        #expect(PortValue(127).fits(width: 8, signed: true))
        #expect(PortValue(-128).fits(width: 8, signed: true))
        #expect(!PortValue(128).fits(width: 8, signed: true))
        #expect(!PortValue(-129).fits(width: 8, signed: true))
        #expect(PortValue(255).fits(width: 8, signed: false))
        #expect(!PortValue(256).fits(width: 8, signed: false))
        #expect(!PortValue(-1).fits(width: 8, signed: false))
        #expect(PortValue(unsigned: UInt64.max).fits(width: 64, signed: false))
        #expect(!PortValue(unsigned: UInt64.max).fits(width: 64, signed: true))
        #expect(PortValue(-1).fits(width: 200, signed: true))
        #expect(PortValue(twosComplement: [0, 0, 1 << 7]).fits(width: 136, signed: false))
        #expect(!PortValue(twosComplement: [0, 0, 1 << 8]).fits(width: 136, signed: false))
    }

    @Test func bitPatternsAreMaskedLittleEndianWords() {
        #expect(PortValue(-1).bitPattern32(width: 12) == [0xfff])
        #expect(PortValue(-2).bitPattern32(width: 40) == [0xffff_fffe, 0xff])
        #expect(PortValue(unsigned: 0x1234_5678_9abc_def0).bitPattern32(width: 100) == [0x9abc_def0, 0x1234_5678, 0, 0])
        #expect(PortValue(-1).bitPattern32(width: 70) == [0xffff_ffff, 0xffff_ffff, 0x3f])
    }

    @Test func signedReadsAreSignExtended() {
        #expect(PortValue(words32: [0xff], width: 8, signed: true) == PortValue(-1))
        #expect(PortValue(words32: [0xff], width: 8, signed: false) == PortValue(255))
        #expect(PortValue(words32: [0, 0, 0, 0x8], width: 100, signed: true).isNegative)
        let minus3 = PortValue(words32: [0xffff_fffd, 0xffff_ffff, 0xffff_ffff, 0xf], width: 100, signed: true)
        #expect(minus3 == PortValue(-3))
        #expect(minus3.int64Value == -3)
    }

    @Test func decimalAndHexRendering() {
        #expect(PortValue(-3).decimalString == "-3")
        #expect(PortValue(-3).hexString(width: 10) == "0x3fd")
        #expect(PortValue(0).decimalString == "0")
        #expect(PortValue(Int64.min).decimalString == "-9223372036854775808")
        // 2^128 = 340282366920938463463374607431768211456
        #expect(PortValue(twosComplement: [0, 0, 1]).decimalString == "340282366920938463463374607431768211456")
        #expect(PortValue(twosComplement: [0, 0, ~0]).decimalString == "-340282366920938463463374607431768211456")
        #expect(PortValue(unsigned: UInt64.max).hexString(width: 64) == "0xffffffffffffffff")
    }
}
