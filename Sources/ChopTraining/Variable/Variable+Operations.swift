import ChopTensors
import RealModule

/// The operations of a step: each computes its value in the recipe's activation precision
/// and records a pullback that rounds to the recipe's gradient precision.
extension Variable {
    /// `self · other` for `m×k` and `k×n` values, through the recipe's forward products (each
    /// operand cast by its role: weights for parameters, activations otherwise), then rounded
    /// to the activation precision.
    ///
    /// Backward: `dA = dC·Bᵀ` and `dB = Aᵀ·dC` through the recipe's backward products (`dC`
    /// cast as gradients; the Hadamard transform, if any, on the product that gives a
    /// weight's gradient), then rounded to the gradient precision.
    ///
    /// - Throws: ``TensorError/shapeMismatch(operation:_:_:)`` for shapes that do not multiply.
    public func matmul(_ other: Variable) throws(TensorError) -> Variable {
        let recipe = self.recipe
        let (a, b) = (value, other.value)
        guard a.rank == 2, b.rank == 2, a.shape[1] == b.shape[0] else { throw .shapeMismatch(operation: "matmul", a.shape, b.shape) }
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        let (aRole, bRole) = (tape.role(of: self), tape.role(of: other))
        let product = try recipe.forward.multiply(a.scalars, aRole, b.scalars, bRole, m: m, k: k, n: n)
        let result = try Tensor(rounding: product, shape: [m, n], precision: recipe.activations)
        return recording(result, operands: [self, other]) { gradient throws(TensorError) in
            let backward = recipe.backward
            let g = gradient.scalars
            let bTransposed = ProductRecipe.transposed(b.scalars, rows: k, columns: n)
            let aTransposed = ProductRecipe.transposed(a.scalars, rows: m, columns: k)
            let da = try backward.multiply(g, .gradients, bTransposed, bRole, m: m, k: n, n: k, weightGradient: aRole == .weights)
            let db = try backward.multiply(aTransposed, aRole, g, .gradients, m: k, k: m, n: n, weightGradient: bRole == .weights)
            return [
                try Tensor(rounding: da, shape: [m, k], precision: recipe.gradients),
                try Tensor(rounding: db, shape: [k, n], precision: recipe.gradients),
            ]
        }
    }

    /// `self + other` with NumPy broadcasting (a bias row added to every row of a batch),
    /// rounded once per element to the activation precision.
    ///
    /// Backward: each operand's gradient is the result's, summed (in order, in the gradient
    /// precision) over the axes the operand was broadcast along.
    ///
    /// - Throws: ``TensorError/shapeMismatch(operation:_:_:)`` for shapes that do not broadcast.
    public func adding(_ other: Variable) throws(TensorError) -> Variable {
        let (shape, otherShape) = (value.shape, other.value.shape)
        let sum = try value.adding(other.value, in: recipe.activations)
        return recording(sum, operands: [self, other]) { gradient throws(TensorError) in
            [try gradient.summed(toShape: shape), try gradient.summed(toShape: otherShape)]
        }
    }

    /// `max(x, 0)` elementwise (exact), in the activation precision.
    ///
    /// Backward: the result's gradient where `x > 0`, else 0 (0 at `x = 0` itself).
    public func relu() throws(TensorError) -> Variable {
        let x = value
        return recording(x.relu().converted(to: recipe.activations), operands: [self]) { gradient throws(TensorError) in
            let mask = try Tensor(exactly: x.scalars.map { $0 > 0 ? 1 : 0 }, shape: x.shape, precision: gradient.precision)
            return [try gradient.multiplying(mask)]
        }
    }

    /// `x·Φ(x)` elementwise (GELU, `Φ` the standard normal distribution function), evaluated
    /// in binary64 and rounded once to the activation precision.
    ///
    /// Backward: `g·(Φ(x) + x·φ(x))`, evaluated in binary64 and rounded once to the gradient
    /// precision.
    public func gelu() throws(TensorError) -> Variable {
        let x = value
        let phi = { (x: Double) in 0.5 * (1 + Double.erf(x / 2.squareRoot())) }
        let forward = try Tensor(rounding: x.scalars.map { $0 * phi($0) }, shape: x.shape, precision: recipe.activations)
        let gradients = recipe.gradients
        return recording(forward, operands: [self]) { gradient throws(TensorError) in
            let density = { (x: Double) in Double.exp(-x * x / 2) / (2 * Double.pi).squareRoot() }
            let values = x.scalars.indices.map { i in
                gradient.scalars[i] * (phi(x.scalars[i]) + x.scalars[i] * density(x.scalars[i]))
            }
            return [try Tensor(rounding: values, shape: x.shape, precision: gradients)]
        }
    }

    /// The mean over a batch (`batch × classes` logits) of `-log softmax(row)[label]`: a
    /// one-element result, computed in binary64 and rounded once to the activation precision.
    ///
    /// Backward: `(softmax(row) - onehot(label)) · g / batch`, computed in binary64 from the
    /// result's gradient `g` and rounded once per element to the gradient precision.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` unless the logits are `batch × classes`
    ///   with one label in `0..<classes` per row.
    public func softmaxCrossEntropy(labels: [Int]) throws(TensorError) -> Variable {
        guard value.rank == 2, labels.count == value.shape[0] else {
            throw .invalidParameter("softmax cross-entropy of logits shaped \(value.shape) with \(labels.count) labels: one label per row")
        }
        let (batch, classes) = (value.shape[0], value.shape[1])
        if let label = labels.first(where: { !(0..<classes).contains($0) }) {
            throw .invalidParameter("label \(label) for logits of \(classes) classes")
        }
        let logits = value.scalars
        var probabilities = [Double](repeating: 0, count: batch * classes)
        var total = 0.0
        for row in 0..<batch {
            let entries = logits[(row * classes)..<((row + 1) * classes)]
            let largest = entries.max() ?? 0
            let exponentials = entries.map { Double.exp($0 - largest) }
            let normalizer = exponentials.reduce(0, +)
            for (column, e) in exponentials.enumerated() { probabilities[row * classes + column] = e / normalizer }
            total += Double.log(normalizer) + largest - logits[row * classes + labels[row]]
        }
        let recipe = self.recipe
        let loss = try Tensor(rounding: [total / Double(batch)], shape: [], precision: recipe.activations)
        return recording(loss, operands: [self]) { gradient throws(TensorError) in
            let scale = gradient.scalars[0] / Double(batch)
            let values = probabilities.indices.map { i in
                (probabilities[i] - (i % classes == labels[i / classes] ? 1 : 0)) * scale
            }
            return [try Tensor(rounding: values, shape: [batch, classes], precision: recipe.gradients)]
        }
    }
}
