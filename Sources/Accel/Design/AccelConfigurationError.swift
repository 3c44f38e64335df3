/// An accelerator configuration that cannot be built, with the reason.
public struct AccelConfigurationError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
