/// One linear layer `y = W x` as the forward pass sees it. The fp32 model uses
/// `DenseLinear`; other representations (dequantized compressed weights, the integer
/// W2A8 path) conform too and plug into `TransformerBlock` unchanged.
///
/// `apply` must not allocate per call (it runs once per site per token); an
/// implementation that needs scratch space may be a class holding it, and is then not
/// safe to use from two threads at once.
public protocol LinearLayer {
    var inputCount: Int { get }
    var outputCount: Int { get }
    /// Writes `outputCount` values of `W · input` to `output`; `input` has `inputCount`.
    func apply(_ input: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>)
}
