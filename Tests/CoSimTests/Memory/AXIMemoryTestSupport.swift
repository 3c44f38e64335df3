// Shared models, images and expectations of the AXI memory-model tests.
import CoSim

enum AXIModels {
    static let reader = Result { () throws(CoSimError) -> CoSimModel in
        try CoSimModel.build(AXIFixtures.reader, protocol: .valid(inValid: "in_valid", outValid: "out_valid"))
    }
    static let writer = Result { () throws(CoSimError) -> CoSimModel in
        try CoSimModel.build(AXIFixtures.writer, protocol: .valid(inValid: "in_valid", outValid: "out_valid"))
    }
    static let copier = Result { () throws(CoSimError) -> CoSimModel in
        try CoSimModel.build(AXIFixtures.copier, protocol: .valid(inValid: "in_valid", outValid: "out_valid"))
    }
    /// The copier with its destination declared read-only: its writes break the declaration.
    static let misdeclaredCopier = Result { () throws(CoSimError) -> CoSimModel in
        var design = AXIFixtures.copier
        design.axiPorts = [AXIFixtures.copySource, AXIMasterPort("m_axi_dst", access: .read, dataWidth: 512)]
        return try CoSimModel.build(design, protocol: .valid(inValid: "in_valid", outValid: "out_valid"))
    }
}

/// A memory image of random bytes.
func randomImage(bytes count: Int, seed: UInt64) -> [UInt8] {
    var random = TestRandom(state: seed)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    while bytes.count < count {
        var word = random.next()
        for _ in 0 ..< 8 where bytes.count < count {
            bytes.append(UInt8(truncatingIfNeeded: word))
            word >>= 8
        }
    }
    return bytes
}

/// The little-endian value of `count` bytes at `offset` (one data beat).
func beatValue(_ bytes: [UInt8], offset: Int, count: Int) -> PortValue {
    var limbs = [UInt64](repeating: 0, count: (count + 7) / 8)
    for index in 0 ..< count { limbs[index / 8] |= UInt64(bytes[offset + index]) << UInt64(8 * (index % 8)) }
    return PortValue(bits: limbs, width: count * 8, signed: false)
}

struct ReaderCommand {
    var address: UInt64
    var beats = 256
    var burst = 16
    var outstanding = 8
    var idBits = 2
    var throttle = 0
    var bug = AXIFixtures.ReaderBug.none
    var passes = 1

    var vector: [String: PortValue] {
        [
            "cmd_addr": PortValue(unsigned: address), "cmd_beats": PortValue(beats), "cmd_burst": PortValue(burst),
            "cmd_outstanding": PortValue(outstanding), "cmd_id_bits": PortValue(idBits), "cmd_throttle": PortValue(throttle),
            "cmd_bug": PortValue(bug.rawValue), "cmd_passes": PortValue(passes),
        ]
    }

    /// The reader's output stream: every beat of the region, in address order.
    func expected(image: [UInt8], base: UInt64) -> [[String: PortValue]] {
        (0 ..< beats).map { beat in
            [
                "out_index": PortValue(beat), "out_error": 0,
                "out_data": beatValue(image, offset: Int(address - base) + 64 * beat, count: 64),
            ]
        }
    }
}

struct WriterCommand {
    var address: UInt64
    var beats = 64
    var burst = 8
    var seed: UInt32 = 0x1234_5678
    var strobes = true
    var throttle = true
    var mode = AXIFixtures.WriterMode.addressFirst

    var vector: [String: PortValue] {
        [
            "cmd_addr": PortValue(unsigned: address), "cmd_beats": PortValue(beats), "cmd_burst": PortValue(burst),
            "cmd_seed": PortValue(Int(seed)), "cmd_strobes": strobes ? 1 : 0, "cmd_throttle": throttle ? 1 : 0,
            "cmd_mode": PortValue(mode.rawValue),
        ]
    }

    var expectedOutputs: [[String: PortValue]] { [["out_responses": PortValue(beats / burst), "out_error": 0]] }

    /// The image after the writer's stream: word w is (seed + w) * 0x9E3779B1, bytes masked by wstrb.
    func written(over image: [UInt8], base: UInt64) -> [UInt8] {
        var result = image
        for beat in 0 ..< beats {
            let strobe: UInt32 = !strobes ? 0xffff_ffff : (beat % 2 == 1 ? 0xf0f0_f0f0 : 0x0f0f_0f0f)
            for word in 0 ..< 8 {
                let value = (seed &+ UInt32(beat * 8 + word)) &* 0x9E37_79B1
                for byte in 0 ..< 4 where (strobe >> UInt32(word * 4 + byte)) & 1 == 1 {
                    result[Int(address - base) + beat * 32 + word * 4 + byte] = UInt8(truncatingIfNeeded: value >> UInt32(8 * byte))
                }
            }
        }
        return result
    }
}
