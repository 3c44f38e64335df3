import Numerics

/// The constants and layout rules of the `.rce` format, version 3 (docs/format.md is the
/// specification; writer and reader both derive every offset and size from here).
public enum RCELayout {
    public static let magicText = "RCEMODEL"
    public static let magic: [UInt8] = Array(magicText.utf8)
    /// 3: one byte of group parameters (6-bit mantissa, zero point) per quantization group
    /// (2 had a byte pair); 2: sparse groups as 7-bit `SparseGroupStream` fields (1 had a
    /// byte per group).
    public static let version: UInt32 = 3
    /// One 512-bit AXI beat: every tensor starts on one.
    public static let alignment = 64
    /// Bytes of the fixed header before the tensor table.
    public static let fixedHeaderBytes = 128
    public static let tableEntryBytes = 64
    public static let nameBytes = 32
    public static let methodNameBytes = 16
    /// The CRC-32C trailer after the payload.
    public static let checksumBytes = 4
    /// Padding outside the group arrays (gaps, parameter rows); group rows are padded
    /// with `SparseGroup.padding` fields.
    public static let zeroByte: UInt8 = 0

    /// Offsets of the fixed header's fields.
    enum Field {
        static let magic = 0, version = 8, headerBytes = 12, fileBytes = 16, tensorCount = 24, reserved0 = 28
        static let dim = 32, hiddenDim = 36, layers = 40, heads = 44, kvHeads = 48, vocab = 52, seqLen = 56
        static let normEps = 60, ropeTheta = 64, sharedClassifier = 68, reserved1 = 69  // 3 bytes
        static let groupSize = 72, sharedMaskRows = 76, kvBits = 80, reserved2 = 81  // 3 bytes
        static let sinks = 84, window = 88, reserved3 = 92
        static let pruneMethod = 96, quantizer = 112
    }

    /// Offsets inside one tensor table entry.
    enum EntryField {
        static let name = 0, kind = 32, rows = 36, columns = 40, rowStride = 44, offset = 48, length = 56
    }

    @inlinable
    public static func alignedUp(_ value: Int) -> Int { (value + alignment - 1) / alignment * alignment }

    /// Bytes before the first tensor for `tensorCount` table entries (a multiple of 64).
    public static func headerBytes(tensorCount: Int) -> Int { fixedHeaderBytes + tableEntryBytes * tensorCount }

    /// How many tensors `tensors(config:settings:)` lists, without listing them: a reader
    /// checks this against the file before trusting the header's layer count to size a list.
    static func tensorCount(config: ModelConfig) -> Int {
        2 + (config.sharedClassifier ? 0 : 1) + config.layers * (2 + 3 * LinearSite.allCases.count)
    }

    /// Every tensor of a model with this config and settings, in table order.
    static func tensors(config: ModelConfig, settings: CompressionSettings) throws -> [RCETensorSpec] {
        var specs = [RCETensorSpec]()
        specs.append(try .fp32(.embedding, rows: config.vocab, columns: config.dim))
        specs.append(try .fp32(.finalNorm, rows: 1, columns: config.dim))
        if !config.sharedClassifier {
            specs.append(try .fp32(.classifier, rows: config.vocab, columns: config.dim))
        }
        for layer in 0..<config.layers {
            specs.append(try .fp32(.attentionNorm(layer: layer), rows: 1, columns: config.dim))
            specs.append(try .fp32(.ffnNorm(layer: layer), rows: 1, columns: config.dim))
            for site in LinearSite.allCases {
                let shape = site.shape(in: config)
                specs.append(contentsOf: try RCETensorSpec.matrix(layer: layer, site: site, rows: shape.rows,
                                                                  columns: shape.columns, groupSize: settings.groupSize))
            }
        }
        return specs
    }
}

/// What an entry of the tensor table holds.
public enum RCETensorKind: UInt32, Sendable {
    /// Little-endian fp32, row-major `rows × columns`, no row padding.
    case fp32 = 1
    /// One 7-bit `SparseGroup` field per 4 dense columns; each row padded with
    /// `SparseGroup.padding` to whole 56-byte units (`SparseGroupStream`).
    case sparseGroups = 2
    /// One `WeightGroupParameters.byte` per quantization group (6-bit scale mantissa, 2-bit
    /// zero point); each row padded to a beat.
    case groupParameters = 3
    /// One fp32 row scale per row.
    case rowScales = 4
}

/// The names of the tensors, which fix their meaning.
public enum RCETensorName {
    public static let embedding = "embedding"
    public static let finalNorm = "final_norm"
    public static let classifier = "classifier"
    public static let groupsSuffix = ".groups"
    public static let parametersSuffix = ".parameters"
    public static let rowScalesSuffix = ".row_scales"

    public static func attentionNorm(layer: Int) -> String { "layers.\(layer).attention_norm" }
    public static func ffnNorm(layer: Int) -> String { "layers.\(layer).ffn_norm" }
    /// The base name of a linear layer's three arrays, e.g. `layers.0.wq`.
    public static func matrix(layer: Int, site: LinearSite) -> String { "layers.\(layer).\(site.weightName)" }
}

/// Which part of the model a tensor holds.
enum RCETensorRole: Equatable {
    case embedding, finalNorm, classifier
    case attentionNorm(layer: Int), ffnNorm(layer: Int)
    case groups(layer: Int, site: LinearSite), parameters(layer: Int, site: LinearSite), rowScales(layer: Int, site: LinearSite)

    var name: String {
        switch self {
        case .embedding: return RCETensorName.embedding
        case .finalNorm: return RCETensorName.finalNorm
        case .classifier: return RCETensorName.classifier
        case .attentionNorm(let layer): return RCETensorName.attentionNorm(layer: layer)
        case .ffnNorm(let layer): return RCETensorName.ffnNorm(layer: layer)
        case .groups(let layer, let site): return RCETensorName.matrix(layer: layer, site: site) + RCETensorName.groupsSuffix
        case .parameters(let layer, let site): return RCETensorName.matrix(layer: layer, site: site) + RCETensorName.parametersSuffix
        case .rowScales(let layer, let site): return RCETensorName.matrix(layer: layer, site: site) + RCETensorName.rowScalesSuffix
        }
    }
}

/// One table entry as the layout requires it (everything but the offset).
struct RCETensorSpec: Equatable {
    let role: RCETensorRole
    let kind: RCETensorKind
    /// Rows and dense columns (a matrix's three arrays all carry the matrix's shape).
    let rows: Int
    let columns: Int
    /// Bytes from one row's start to the next.
    let rowStride: Int
    /// Bytes of the tensor, row padding included.
    let length: Int

    var name: String { role.name }

    static func fp32(_ role: RCETensorRole, rows: Int, columns: Int) throws -> RCETensorSpec {
        let stride = try checkedProduct(columns, 4, role.name)
        return RCETensorSpec(role: role, kind: .fp32, rows: rows, columns: columns, rowStride: stride,
                             length: try checkedProduct(rows, stride, role.name))
    }

    static func matrix(layer: Int, site: LinearSite, rows: Int, columns: Int, groupSize: Int) throws -> [RCETensorSpec] {
        let base = RCETensorName.matrix(layer: layer, site: site)
        let quantizationGroups = (columns + groupSize - 1) / groupSize
        let groupStride = SparseGroupStream.rowBytes(columns: columns)
        let parameterStride = RCELayout.alignedUp(quantizationGroups)
        return [
            RCETensorSpec(role: .groups(layer: layer, site: site), kind: .sparseGroups, rows: rows, columns: columns,
                          rowStride: groupStride, length: try checkedProduct(rows, groupStride, base)),
            RCETensorSpec(role: .parameters(layer: layer, site: site), kind: .groupParameters, rows: rows, columns: columns,
                          rowStride: parameterStride, length: try checkedProduct(rows, parameterStride, base)),
            RCETensorSpec(role: .rowScales(layer: layer, site: site), kind: .rowScales, rows: rows, columns: columns,
                          rowStride: 4, length: try checkedProduct(rows, 4, base)),
        ]
    }

    private static func checkedProduct(_ a: Int, _ b: Int, _ name: String) throws -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { throw RCEFormatError.invalidHeader(field: "dimensions", value: name, reason: "give a tensor too large to address") }
        return product
    }
}
