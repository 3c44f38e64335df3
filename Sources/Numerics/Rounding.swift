/// The one rounding rule of the number formats: round half to even (IEEE's default),
/// then clamp. Written once so the compressor, the integer path and the hardware's
/// float-to-int units cannot disagree about ties.
@inlinable
public func roundClamped(_ value: Float, _ range: ClosedRange<Int>) -> Int {
    guard value.isFinite else { return value > 0 ? range.upperBound : range.lowerBound }
    let rounded = value.rounded(.toNearestOrEven)
    if rounded <= Float(range.lowerBound) { return range.lowerBound }
    if rounded >= Float(range.upperBound) { return range.upperBound }
    return Int(rounded)
}
