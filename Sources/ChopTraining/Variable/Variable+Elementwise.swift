import ChopTensors

/// Elementwise products: each result rounded once to the activation precision, each
/// gradient once to the gradient precision.
extension Variable {
    /// `self ⊙ other` with NumPy broadcasting (a gain row times every row of a batch).
    ///
    /// Backward: `g ⊙ other` and `g ⊙ self`, each rounded once, then summed (in order, in the
    /// gradient precision) over the axes the operand was broadcast along.
    ///
    /// - Throws: ``TensorError/shapeMismatch(operation:_:_:)`` for shapes that do not broadcast.
    public func multiplying(_ other: Variable) throws(TensorError) -> Variable {
        let (a, b) = (value, other.value)
        let recipe = self.recipe
        let product = try a.multiplying(b, in: recipe.activations)
        return recording(product, operands: [self, other]) { gradient throws(TensorError) in
            [
                try gradient.multiplying(b, in: recipe.gradients).summed(toShape: a.shape),
                try gradient.multiplying(a, in: recipe.gradients).summed(toShape: b.shape),
            ]
        }
    }

    /// `c·self` for a constant `c`, each product rounded once (exactly, not from a binary64
    /// product). Backward: `c·g`, rounded once.
    public func scaled(by c: Double) throws(TensorError) -> Variable {
        let recipe = self.recipe
        let result = try Self.product(value, c, in: recipe.activations)
        return recording(result, operands: [self]) { gradient throws(TensorError) in
            [try Self.product(gradient, c, in: recipe.gradients)]
        }
    }

    /// `c·x` for each element of `x`, rounded once to `precision` (its next stream).
    private static func product(_ x: Tensor, _ c: Double, in precision: TensorPrecision) throws(TensorError) -> Tensor {
        let (stream, arithmetic) = (precision.nextStream(), precision.arithmetic)
        let values = x.scalars.indices.map { arithmetic.product(x.scalars[$0], c, randomWord: stream.word(at: UInt64($0))) }
        return try Tensor(exactly: values, shape: x.shape, precision: precision)
    }
}
