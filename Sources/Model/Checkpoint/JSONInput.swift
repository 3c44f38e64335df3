import Foundation

/// Decodes a JSON document, turning `DecodingError` into one line that names the file
/// and the offending key.
func decodeJSON<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws -> T {
    do {
        return try JSONDecoder().decode(type, from: data)
    } catch let error as DecodingError {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            throw CheckpointError.malformedJSON(file: file, reason: "missing key \(parent.isEmpty ? "" : parent + ".")\(key.stringValue)")
        case .typeMismatch(let expected, let context), .valueNotFound(let expected, let context):
            throw CheckpointError.malformedJSON(file: file, reason: "\(path(context)) must be \(jsonTypeName(expected))")
        case .dataCorrupted(let context):
            let where_ = path(context)
            throw CheckpointError.malformedJSON(file: file, reason: where_.isEmpty ? "not valid JSON" : "\(where_) is invalid")
        @unknown default:
            throw CheckpointError.malformedJSON(file: file, reason: "cannot be decoded")
        }
    } catch {
        throw CheckpointError.malformedJSON(file: file, reason: "cannot be decoded")
    }
}

private func jsonTypeName(_ type: Any.Type) -> String {
    switch type {
    case is Int.Type: return "an integer"
    case is Float.Type, is Double.Type: return "a number"
    case is Bool.Type: return "true or false"
    case is String.Type: return "a string"
    default: return "\(type)"
    }
}

/// Any key, for objects whose keys are data (tensor names).
struct DynamicKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
