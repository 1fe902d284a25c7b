import ChopFormats

/// Gaussian elimination with partial pivoting, `P·A = L·U`, every operation rounded in one
/// precision, and the triangular solves that use it.
///
/// ```swift
/// let half = try TensorPrecision(.binary16)
/// let lu = try LUFactorization(a.converted(to: half))     // factorized in binary16
/// let x = try lu.solve(b.converted(to: half))              // forward and back substitution
/// ```
///
/// The operations, in the factor's precision `∘` (separate multiply and subtract unless
/// `fused`): at step k the pivot is the first row at or below k with the largest magnitude
/// in column k; `l = ∘(a[i][k] / a[k][k])`; `a[i][j] = ∘(a[i][j] - ∘(l·a[k][j]))` (or
/// `∘(a[i][j] - l·a[k][j])` fused). Solves: `y[i] = ∘(y[i] - ∘(l[i][j]·y[j]))` for j < i,
/// then `x[i] = ∘(∘(x[i] - …) / u[i][i])` for j > i, in ascending j.
///
/// Edge cases: a zero pivot (an exactly singular matrix in this precision) throws
/// ``TensorError/singular(column:)``; overflow follows the precision's overflow behaviour,
/// so a factorization can contain infinities or NaN (check ``isFinite``).
public struct LUFactorization: Sendable {
    /// `L` (unit lower, below the diagonal) and `U` (on and above it), row-major `n×n`.
    public let factors: [Double]
    /// `pivots[k]`: the row swapped with row k at step k.
    public let pivots: [Int]
    public let size: Int
    public let precision: TensorPrecision
    /// Whether products and differences are fused (one rounding each update).
    public let fused: Bool

    /// Factorizes a square tensor in its own precision.
    ///
    /// - Throws: ``TensorError/shapeMismatch(operation:_:_:)`` for a matrix that is not
    ///   square, ``TensorError/singular(column:)`` for a zero pivot.
    public init(_ a: Tensor, fused: Bool = false) throws(TensorError) {
        guard a.rank == 2, a.shape[0] == a.shape[1] else { throw .shapeMismatch(operation: "LU", a.shape, a.shape) }
        let n = a.shape[0]
        let rounder = a.precision.arithmetic
        var words = WordCounter(stream: a.precision.nextStream(), first: 0)
        var m = a.scalars
        var pivots = [Int](repeating: 0, count: n)
        for k in 0..<n {
            var pivot = k
            for i in (k + 1)..<n where m[i * n + k].magnitude > m[pivot * n + k].magnitude { pivot = i }
            pivots[k] = pivot
            if pivot != k {
                for j in 0..<n { m.swapAt(k * n + j, pivot * n + j) }
            }
            let diagonal = m[k * n + k]
            guard diagonal != 0 else { throw .singular(column: k) }
            for i in (k + 1)..<n {
                let l = rounder.quotient(m[i * n + k], diagonal, randomWord: words.next())
                m[i * n + k] = l
                for j in (k + 1)..<n {
                    m[i * n + j] = Self.update(m[i * n + j], l, m[k * n + j], rounder, fused: fused, &words)
                }
            }
        }
        factors = m
        self.pivots = pivots
        size = n
        precision = a.precision
        self.fused = fused
    }

    /// Whether every factor is finite.
    public var isFinite: Bool { factors.allSatisfy(\.isFinite) }

    /// The solution of `A·x = b` for a vector `b` (shape `[n]` or `[n, 1]`), in the
    /// factorization's precision; `b` is rounded to it first if it is in another.
    public func solve(_ b: Tensor) throws(TensorError) -> Tensor {
        guard b.count == size, b.rank >= 1, b.shape[0] == size else {
            throw .shapeMismatch(operation: "LU solve", [size, size], b.shape)
        }
        let values = b.precision.roundsLike(precision) ? b.scalars : b.converted(to: precision).scalars
        let x = solve(values)
        return Tensor(uncheckedScalars: x, shape: b.shape, precision: precision)
    }

    /// Forward then back substitution on values of the precision.
    func solve(_ b: [Double]) -> [Double] {
        let n = size
        let rounder = precision.arithmetic
        var words = WordCounter(stream: precision.nextStream(), first: 0)
        var x = b
        for k in 0..<n where pivots[k] != k { x.swapAt(k, pivots[k]) }
        for i in 0..<n {
            for j in 0..<i { x[i] = Self.update(x[i], factors[i * n + j], x[j], rounder, fused: fused, &words) }
        }
        for i in (0..<n).reversed() {
            for j in (i + 1)..<n { x[i] = Self.update(x[i], factors[i * n + j], x[j], rounder, fused: fused, &words) }
            x[i] = rounder.quotient(x[i], factors[i * n + i], randomWord: words.next())
        }
        return x
    }

    /// `∘(s - ∘(l·y))`, or `∘(s - l·y)` fused: the one update of elimination and substitution
    /// (the product draws its word before the difference).
    private static func update(
        _ s: Double, _ l: Double, _ y: Double, _ rounder: any ScalarArithmetic, fused: Bool, _ words: inout WordCounter
    ) -> Double {
        if fused { return rounder.fusedMultiplyAdd(-l, y, s, randomWord: words.next()) }
        let product = rounder.product(l, y, randomWord: words.next())
        return rounder.difference(s, product, randomWord: words.next())
    }
}
