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
        let result = try Tensor(exactly: Self.products(value.scalars, c, in: recipe.activations), shape: value.shape, precision: recipe.activations)
        return recording(result, operands: [self]) { gradient throws(TensorError) in
            [try Tensor(exactly: Self.products(gradient.scalars, c, in: recipe.gradients), shape: gradient.shape, precision: recipe.gradients)]
        }
    }

    /// `c·x` for each of `values`, rounded once to `precision` (its next stream; element `i`
    /// draws word `i`).
    static func products(_ values: [Double], _ c: Double, in precision: TensorPrecision) -> [Double] {
        let (stream, arithmetic) = (precision.nextStream(), precision.arithmetic)
        return values.indices.map { arithmetic.product(values[$0], c, randomWord: stream.word(at: UInt64($0))) }
    }
}
