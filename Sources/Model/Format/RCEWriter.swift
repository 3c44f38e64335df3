import Foundation
import Numerics

/// Encodes a `CompressedModel` as a `.rce` file (docs/format.md). A model that exists is
/// valid, so encoding cannot fail; writing a file can.
public enum RCEWriter {
    public static func encode(_ model: CompressedModel) -> [UInt8] {
        // The model's constructor already ran every check `tensors` repeats.
        let specs = try! RCELayout.tensors(config: model.config, settings: model.settings)
        let headerBytes = RCELayout.headerBytes(tensorCount: specs.count)
        var offsets = [Int]()
        var end = headerBytes
        for spec in specs {
            offsets.append(end)
            end = RCELayout.alignedUp(end + spec.length)
        }
        let fileBytes = end + RCELayout.checksumBytes
        var bytes = [UInt8](repeating: RCELayout.zeroByte, count: fileBytes)

        writeHeader(&bytes, model, headerBytes: headerBytes, fileBytes: fileBytes, tensorCount: specs.count)
        for (index, spec) in specs.enumerated() {
            writeEntry(&bytes, spec, offset: offsets[index], at: RCELayout.fixedHeaderBytes + index * RCELayout.tableEntryBytes)
        }
        for (spec, offset) in zip(specs, offsets) { writeTensor(&bytes, spec, offset: offset, model: model) }
        let checksum = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<fileBytes - RCELayout.checksumBytes])) }
        bytes.storeLittleEndian(checksum, at: fileBytes - RCELayout.checksumBytes)
        return bytes
    }

    /// Writes atomically: the bytes go to a temporary file beside `path`, which is then
    /// renamed over it, so a reader never sees a half-written model.
    public static func write(_ model: CompressedModel, to path: String) throws {
        let data = Data(encode(model))
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw RCEFormatError.unwritable(path: path, reason: error.localizedDescription)
        }
    }

    private static func writeHeader(_ bytes: inout [UInt8], _ model: CompressedModel, headerBytes: Int, fileBytes: Int, tensorCount: Int) {
        typealias F = RCELayout.Field
        let config = model.config, settings = model.settings
        for (index, byte) in RCELayout.magic.enumerated() { bytes[F.magic + index] = byte }
        bytes.storeLittleEndian(RCELayout.version, at: F.version)
        bytes.storeLittleEndian(UInt32(headerBytes), at: F.headerBytes)
        bytes.storeLittleEndian(UInt64(fileBytes), at: F.fileBytes)
        bytes.storeLittleEndian(UInt32(tensorCount), at: F.tensorCount)
        for (offset, value) in [(F.dim, config.dim), (F.hiddenDim, config.hiddenDim), (F.layers, config.layers),
                                (F.heads, config.heads), (F.kvHeads, config.kvHeads), (F.vocab, config.vocab),
                                (F.seqLen, config.seqLen), (F.groupSize, settings.groupSize),
                                (F.sharedMaskRows, settings.sharedMaskRows), (F.sinks, settings.sinks), (F.window, settings.window)] {
            bytes.storeLittleEndian(UInt32(value), at: offset)
        }
        bytes.storeFloat(config.normEps, at: F.normEps)
        bytes.storeFloat(config.ropeTheta, at: F.ropeTheta)
        bytes[F.sharedClassifier] = config.sharedClassifier ? 1 : 0
        bytes[F.kvBits] = UInt8(settings.kvBits)
        for (offset, name) in [(F.pruneMethod, settings.pruneMethod), (F.quantizer, settings.quantizer)] {
            for (index, byte) in name.utf8.enumerated() { bytes[offset + index] = byte }
        }
    }

    private static func writeEntry(_ bytes: inout [UInt8], _ spec: RCETensorSpec, offset: Int, at entry: Int) {
        typealias E = RCELayout.EntryField
        for (index, byte) in spec.name.utf8.enumerated() { bytes[entry + E.name + index] = byte }
        bytes.storeLittleEndian(spec.kind.rawValue, at: entry + E.kind)
        bytes.storeLittleEndian(UInt32(spec.rows), at: entry + E.rows)
        bytes.storeLittleEndian(UInt32(spec.columns), at: entry + E.columns)
        bytes.storeLittleEndian(UInt32(spec.rowStride), at: entry + E.rowStride)
        bytes.storeLittleEndian(UInt64(offset), at: entry + E.offset)
        bytes.storeLittleEndian(UInt64(spec.length), at: entry + E.length)
    }

    private static func writeTensor(_ bytes: inout [UInt8], _ spec: RCETensorSpec, offset: Int, model: CompressedModel) {
        func store(_ values: [Float]) {
            for (index, value) in values.enumerated() { bytes.storeFloat(value, at: offset + 4 * index) }
        }
        switch spec.role {
        case .embedding: store(model.embedding)
        case .finalNorm: store(model.finalNorm)
        case .classifier: store(model.classifierWeights)
        case .attentionNorm(let layer): store(model.layers[layer].attentionNorm)
        case .ffnNorm(let layer): store(model.layers[layer].ffnNorm)
        case .groups(let layer, let site):
            let matrix = model.layers[layer][site]
            let perRow = matrix.sparseGroupsPerRow
            for row in 0..<matrix.rows {
                let start = offset + row * spec.rowStride
                let packed = SparseGroupStream.packRow(matrix.groups[row * perRow..<(row + 1) * perRow], columns: matrix.columns)
                bytes.replaceSubrange(start..<start + spec.rowStride, with: packed)
            }
        case .parameters(let layer, let site):
            let matrix = model.layers[layer][site]
            let perRow = matrix.quantizationGroupsPerRow
            for row in 0..<matrix.rows {
                for g in 0..<perRow {
                    bytes[offset + row * spec.rowStride + g] = matrix.parameters[row * perRow + g].byte
                }
            }
        case .rowScales(let layer, let site): store(model.layers[layer][site].rowScales)
        }
    }
}
