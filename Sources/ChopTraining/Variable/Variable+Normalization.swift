import ChopTensors
import RealModule

/// Softmax and layer normalization over the last axis of a matrix: each row evaluated in
/// binary64 and rounded once per element to the activation precision; each backward step
/// evaluated in binary64 and rounded once to the gradient precision.
extension Variable {
    /// `softmax(row)` for each row; with `causal` (attention scores of one sequence), row `i`
    /// sees only columns `0...i` (`i` taken modulo the width): the others get exactly 0.
    ///
    /// Backward: `y ⊙ (g − Σⱼ gⱼ·yⱼ)` per row.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` unless the value is a matrix.
    public func softmax(causal: Bool = false) throws(TensorError) -> Variable {
        guard value.rank == 2 else { throw .invalidParameter("softmax of a tensor of shape \(value.shape): it takes a matrix") }
        let (rows, columns) = (value.shape[0], value.shape[1])
        let y = Self.softmaxRows(value.scalars, columns: columns, causal: causal)
        let recipe = self.recipe
        let result = try Tensor(rounding: y, shape: value.shape, precision: recipe.activations)
        return recording(result, operands: [self]) { gradient throws(TensorError) in
            let dx = Self.softmaxRowsBackward(y, gradient.scalars, columns: columns)
            return [try Tensor(rounding: dx, shape: [rows, columns], precision: recipe.gradients)]
        }
    }

    /// Softmax of each row of a `rows × columns` matrix in binary64 (causal: row `i` sees
    /// columns `0...i mod columns`, the others exactly 0).
    static func softmaxRows(_ values: [Double], columns: Int, causal: Bool) -> [Double] {
        var y = [Double](repeating: 0, count: values.count)
        for row in 0..<(values.count / columns) {
            let visible = causal ? Swift.min(columns, row % columns + 1) : columns
            let entries = values[(row * columns)..<(row * columns + visible)]
            let largest = entries.max() ?? 0
            let exponentials = entries.map { Double.exp($0 - largest) }
            let total = exponentials.reduce(0, +)
            for (j, e) in exponentials.enumerated() { y[row * columns + j] = e / total }
        }
        return y
    }

    /// The gradient of a row-wise softmax in binary64: `y ⊙ (g − Σⱼ gⱼ·yⱼ)` per row, `y` the
    /// softmax's binary64 result.
    static func softmaxRowsBackward(_ y: [Double], _ g: [Double], columns: Int) -> [Double] {
        var dx = [Double](repeating: 0, count: y.count)
        for row in 0..<(y.count / columns) {
            let range = (row * columns)..<((row + 1) * columns)
            let dot = range.reduce(0.0) { $0 + g[$1] * y[$1] }
            for i in range { dx[i] = y[i] * (g[i] - dot) }
        }
        return dx
    }

    /// `(x − mean) / √(variance + ε)` for each row `x` (the variance with divisor `n`).
    ///
    /// Backward: `(g − mean(g) − x̂·mean(g ⊙ x̂)) / √(variance + ε)` per row, `x̂` the
    /// normalized row (in binary64).
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` unless the value is a matrix and `ε ≥ 0`.
    public func normalized(epsilon: Double = 1e-5) throws(TensorError) -> Variable {
        guard value.rank == 2, epsilon >= 0 else {
            throw .invalidParameter("layer normalization of a tensor of shape \(value.shape) with ε = \(epsilon): it takes a matrix and ε ≥ 0")
        }
        let (rows, columns) = (value.shape[0], value.shape[1])
        var normalized = [Double](repeating: 0, count: rows * columns)
        var inverseDeviations = [Double](repeating: 0, count: rows)
        for row in 0..<rows {
            let range = (row * columns)..<((row + 1) * columns)
            let mean = range.reduce(0.0) { $0 + value.scalars[$1] } / Double(columns)
            let variance = range.reduce(0.0) { $0 + (value.scalars[$1] - mean) * (value.scalars[$1] - mean) } / Double(columns)
            inverseDeviations[row] = 1 / (variance + epsilon).squareRoot()
            for i in range { normalized[i] = (value.scalars[i] - mean) * inverseDeviations[row] }
        }
        let recipe = self.recipe
        let result = try Tensor(rounding: normalized, shape: value.shape, precision: recipe.activations)
        return recording(result, operands: [self]) { gradient throws(TensorError) in
            var dx = [Double](repeating: 0, count: rows * columns)
            for row in 0..<rows {
                let range = (row * columns)..<((row + 1) * columns)
                let meanGradient = range.reduce(0.0) { $0 + gradient.scalars[$1] } / Double(columns)
                let meanProjection = range.reduce(0.0) { $0 + gradient.scalars[$1] * normalized[$1] } / Double(columns)
                for i in range {
                    dx[i] = (gradient.scalars[i] - meanGradient - normalized[i] * meanProjection) * inverseDeviations[row]
                }
            }
            return [try Tensor(rounding: dx, shape: [rows, columns], precision: recipe.gradients)]
        }
    }
}
