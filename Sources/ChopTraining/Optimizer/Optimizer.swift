import ChopTensors

/// Something that updates parameters from their gradients (``SGD``, ``AdamW``): a training
/// loop can take any.
public protocol Optimizer {
    /// Updates every parameter that has a gradient in `gradients`.
    ///
    /// - Throws: ``TensorError/shapeMismatch(operation:_:_:)`` for a gradient not shaped like
    ///   its parameter.
    mutating func step(_ parameters: [Parameter], _ gradients: Gradients) throws(TensorError)
}

extension Optimizer {
    /// The parameters that have a gradient, each with it.
    ///
    /// - Throws: ``TensorError/shapeMismatch(operation:_:_:)`` naming `operation` for a
    ///   gradient not shaped like its parameter.
    func updates(_ parameters: [Parameter], _ gradients: Gradients, operation: String) throws(TensorError)
        -> [(parameter: Parameter, gradient: Tensor)]
    {
        var result: [(Parameter, Tensor)] = []
        for parameter in parameters {
            guard let gradient = gradients[parameter] else { continue }
            guard gradient.shape == parameter.value.shape else {
                throw .shapeMismatch(operation: operation, parameter.value.shape, gradient.shape)
            }
            result.append((parameter, gradient))
        }
        return result
    }
}
