/// Receives the input vector of every linear site as the forward pass reaches it, e.g. to
/// accumulate a calibration Hessian `Σ x xᵀ` per (layer, site). q, k and v see the same
/// vector (the attention norm's output), as do w1 and w3 (the FFN norm's output); each
/// site is reported separately all the same. The buffer is valid only during the call.
public protocol LinearInputObserver: AnyObject {
    func observe(layer: Int, site: LinearSite, position: Int, input: UnsafeBufferPointer<Float>)
}
