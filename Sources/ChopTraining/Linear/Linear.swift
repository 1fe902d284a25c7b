import ChopFormats
import ChopTensors

/// A dense layer `y = x·W + b` for a batch `x` of rows (`batch × inputs`), with `W`
/// (`inputs × outputs`) and `b` (`outputs`) trainable.
public struct Linear {
    public let weight: Parameter
    public let bias: Parameter

    /// Glorot-uniform weights (`±√(6 / (inputs + outputs))`, seeded) and a zero bias,
    /// rounded to `precision`.
    ///
    /// - Throws: ``TensorError/invalidShape(_:)`` for a size below 1.
    public init(inputs: Int, outputs: Int, precision: TensorPrecision, seed: UInt64) throws(TensorError) {
        guard inputs >= 1, outputs >= 1 else { throw .invalidShape([inputs, outputs]) }
        weight = Parameter(try glorotUniform(shape: [inputs, outputs], fanIn: inputs, fanOut: outputs, precision: precision, seed: seed))
        bias = Parameter(try Tensor(repeating: 0, shape: [outputs], precision: precision))
    }

    /// The layer's parameters, for an optimizer.
    public var parameters: [Parameter] { [weight, bias] }

    /// `x·W + b`, recorded on `x`'s tape.
    ///
    /// - Throws: ``TensorError/shapeMismatch(operation:_:_:)`` unless `x` has `inputs` columns.
    public func callAsFunction(_ x: Variable) throws(TensorError) -> Variable {
        try x.matmul(x.tape.variable(weight)).adding(x.tape.variable(bias))
    }
}
