// Placeholder replaced by the command layer.
extension CommandLine {
    public static func run(_ arguments: [String]) -> Int32 { 0 }
}
