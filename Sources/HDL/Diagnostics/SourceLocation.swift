/// A place in the user's Swift source, captured with `#fileID` and `#line` default
/// arguments at every public entry point of the kit.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The `#fileID` of the call site, e.g. `Accel/PackedLane.swift`.
    public let fileID: String
    public let line: Int

    public init(fileID: String, line: Int) {
        self.fileID = fileID
        self.line = line
    }

    /// `Accel/PackedLane.swift:42`
    public var description: String { "\(fileID):\(line)" }
}
