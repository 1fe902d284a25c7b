import ChopTensors

/// Layer normalization of each row: ``Variable/normalized(epsilon:)`` times a trainable gain,
/// plus a trainable bias (one value per feature).
public struct LayerNorm {
    public let gain: Parameter
    public let bias: Parameter
    public let epsilon: Double

    /// Gain 1 and bias 0 for `features` features, in `precision`.
    ///
    /// - Throws: ``TensorError/invalidShape(_:)`` for fewer than 1 feature.
    public init(features: Int, epsilon: Double = 1e-5, precision: TensorPrecision) throws(TensorError) {
        guard features >= 1 else { throw .invalidShape([features]) }
        gain = Parameter(try Tensor(repeating: 1, shape: [features], precision: precision))
        bias = Parameter(try Tensor(repeating: 0, shape: [features], precision: precision))
        self.epsilon = epsilon
    }

    /// The layer's parameters, for an optimizer.
    public var parameters: [Parameter] { [gain, bias] }

    /// `normalized(x) ⊙ gain + bias`, recorded on `x`'s tape.
    ///
    /// - Throws: ``TensorError/shapeMismatch(operation:_:_:)`` unless `x` has `features` columns.
    public func callAsFunction(_ x: Variable) throws(TensorError) -> Variable {
        try x.normalized(epsilon: epsilon).multiplying(x.tape.variable(gain)).adding(x.tape.variable(bias))
    }
}
