import ChopTensors

/// Scaled dot-product attention as one operation of the tape.
extension Variable {
    /// `softmax(Q_h·K_hᵀ·c)·V_h` for each sequence of `length` rows and each of `heads` groups
    /// of columns (`self` is `Q`, `c = 1/√(columns per head)`), the heads side by side and the
    /// sequences stacked, as one operation. Each step rounds as the separate operations would:
    /// the scores through the recipe's forward products then to the activation precision, the
    /// scaling and the softmax (binary64, causal if asked) rounded once, the product with
    /// `V_h` through the forward products; backward, every product through the backward
    /// products and every step rounded to the gradient precision, in the same order. Q, K and
    /// V take their roles' casts (activations, or weights for parameters).
    ///
    /// One operation instead of slices and concatenations keeps the backward pass linear in
    /// the number of sequences and heads.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` unless Q, K and V are matrices of one
    ///   shape, of the same tape, whose rows are whole sequences of `length ≥ 1` and whose
    ///   columns split into `heads ≥ 1` groups.
    public func attention(keys: Variable, values: Variable, heads: Int, length: Int, causal: Bool = false)
        throws(TensorError) -> Variable
    {
        let shape = value.shape
        guard shape.count == 2, keys.value.shape == shape, values.value.shape == shape, keys.tape === tape, values.tape === tape,
            length >= 1, shape[0] % length == 0, heads >= 1, shape[1] % heads == 0
        else {
            throw .invalidParameter(
                "attention of \(shape), \(keys.value.shape), \(values.value.shape) with \(heads) heads over sequences of \(length) rows")
        }
        let recipe = self.recipe
        let (rows, width, headWidth) = (shape[0], shape[1], shape[1] / heads)
        let scale = 1 / Double(headWidth).squareRoot()
        let roles = (tape.role(of: self), tape.role(of: keys), tape.role(of: values))
        let (q, k, v) = (value.scalars, keys.value.scalars, values.value.scalars)
        /// Block `(sequence, head)` of a `rows × width` matrix, `length × headWidth`.
        func block(_ matrix: [Double], _ start: Int, _ head: Int) -> [Double] {
            (0..<(length * headWidth)).map { matrix[(start + $0 / headWidth) * width + head * headWidth + $0 % headWidth] }
        }
        func place(_ part: [Double], into matrix: inout [Double], _ start: Int, _ head: Int) {
            for i in part.indices { matrix[(start + i / headWidth) * width + head * headWidth + i % headWidth] = part[i] }
        }
        func rounded(_ values: [Double], _ precision: TensorPrecision) throws(TensorError) -> [Double] {
            try Tensor(rounding: values, shape: [values.count], precision: precision).scalars
        }
        /// What the forward pass keeps for the backward one, per (sequence, head).
        var saved: [(start: Int, head: Int, probabilities: [Double], p: [Double])] = []
        var output = [Double](repeating: 0, count: rows * width)
        for start in stride(from: 0, to: rows, by: length) {
            for head in 0..<heads {
                let (qh, kh, vh) = (block(q, start, head), block(k, start, head), block(v, start, head))
                let kt = ProductRecipe.transposed(kh, rows: length, columns: headWidth)
                let s = try rounded(
                    try recipe.forward.multiply(qh, roles.0, kt, .activations, m: length, k: headWidth, n: length), recipe.activations)
                let sc = Self.products(s, scale, in: recipe.activations)
                let y = Self.softmaxRows(sc, columns: length, causal: causal)
                let p = try rounded(y, recipe.activations)
                let o = try rounded(
                    try recipe.forward.multiply(p, .activations, vh, roles.2, m: length, k: length, n: headWidth), recipe.activations)
                place(o, into: &output, start, head)
                saved.append((start, head, y, p))
            }
        }
        let result = try Tensor(exactly: output, shape: shape, precision: recipe.activations)
        return recording(result, operands: [self, keys, values]) { gradient throws(TensorError) in
            let backward = recipe.backward
            var (dq, dk, dv) = ([Double](repeating: 0, count: rows * width), [Double](repeating: 0, count: rows * width), [Double](repeating: 0, count: rows * width))
            for (start, head, y, p) in saved.reversed() {
                let (qh, kh, vh) = (block(q, start, head), block(k, start, head), block(v, start, head))
                let dO = block(gradient.scalars, start, head)
                let vt = ProductRecipe.transposed(vh, rows: length, columns: headWidth)
                let pt = ProductRecipe.transposed(p, rows: length, columns: length)
                let dP = try rounded(try backward.multiply(dO, .gradients, vt, roles.2, m: length, k: headWidth, n: length), recipe.gradients)
                let dV = try rounded(try backward.multiply(pt, .activations, dO, .gradients, m: length, k: length, n: headWidth), recipe.gradients)
                let dSc = try rounded(Self.softmaxRowsBackward(y, dP, columns: length), recipe.gradients)
                let dS = Self.products(dSc, scale, in: recipe.gradients)
                let qt = ProductRecipe.transposed(qh, rows: length, columns: headWidth)
                let dQ = try rounded(try backward.multiply(dS, .gradients, kh, .activations, m: length, k: length, n: headWidth), recipe.gradients)
                let dKt = try rounded(try backward.multiply(qt, roles.0, dS, .gradients, m: headWidth, k: length, n: length), recipe.gradients)
                place(dQ, into: &dq, start, head)
                place(ProductRecipe.transposed(dKt, rows: headWidth, columns: length), into: &dk, start, head)
                place(dV, into: &dv, start, head)
            }
            let precision = recipe.gradients
            return [
                try Tensor(exactly: dq, shape: shape, precision: precision), try Tensor(exactly: dk, shape: shape, precision: precision),
                try Tensor(exactly: dv, shape: shape, precision: precision),
            ]
        }
    }
}
