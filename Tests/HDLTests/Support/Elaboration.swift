import HDL
import Testing

/// Describes a module that is expected to fail and returns its diagnostics (empty when
/// it unexpectedly succeeds, which the caller's expectations then catch).
func elaborationErrors(_ body: (ModuleBuilder) throws -> Void) -> [Diagnostic] {
    do {
        _ = try Module("UnderTest", body)
        return []
    } catch let error as ElaborationError {
        return error.diagnostics
    } catch {
        Issue.record("unexpected error \(error)")
        return []
    }
}

/// The type of a value built inside a throwaway module.
func typeOf(_ build: (ModuleBuilder) -> Signal) throws -> SignalType {
    var result: SignalType?
    _ = try Module("TypeProbe") { m in
        let value = build(m)
        result = value.type
        m.output("probe", value)
    }
    return try #require(result)
}
