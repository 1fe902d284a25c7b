import ChopFormats

/// Mixed-precision iterative refinement for `A·x = b`: LU factorization in a low precision
/// `u_f`, residuals in a precision `u_r`, the solution updated in a working precision `u`
/// (Carson and Higham's three-precision scheme; e.g. LU in binary16, everything else binary64).
///
/// ```swift
/// let ir = try IterativeRefinement(factorization: .binary16)
/// let result = try ir.solve(a, b, size: n, exactSolution: xTrue)
/// result.converged; result.steps.map(\.forwardError)
/// ```
///
/// The steps: `A` rounded to `u_f` and factorized (``LUFactorization``); `x₀ = LU \ b` in
/// `u_f`, then to `u`; repeatedly `r = b - A·x` (each product and sum rounded to `u_r`, in
/// ascending order), `d = s·(LU \ (r/s))` with `s = ‖r‖∞` (scaling keeps `r/s` inside the low
/// format's range) and `x = x + d` in `u`. It stops when `‖d‖∞ ≤ u·‖x‖∞`, when the correction
/// stops shrinking by half twice in a row (the limiting accuracy, or no progress), or after
/// ``maxIterations``; it has converged when the normwise backward error of the last `x` is at
/// most `n·u`.
/// Theory: it converges to a backward error of order `u` when `κ∞(A)·u_f` is well below 1,
/// and stagnates or diverges when it is above.
public struct IterativeRefinement: Sendable {
    public let factorization: TensorPrecision
    public let working: TensorPrecision
    public let residual: TensorPrecision
    public var maxIterations: Int

    public init(
        factorization: FloatFormat, working: FloatFormat = .binary64, residual: FloatFormat = .binary64,
        maxIterations: Int = 30
    ) throws(FormatError) {
        self.factorization = try TensorPrecision(factorization)
        self.working = try TensorPrecision(working)
        self.residual = try TensorPrecision(residual)
        self.maxIterations = maxIterations
    }

    /// The working precision's unit roundoff `2^-p`.
    private var unitRoundoff: Double { Double(sign: .plus, exponent: -working.format.precision, significand: 1) }

    /// One refinement step's numbers (step 0 is the LU solve).
    public struct Step: Sendable {
        /// `‖x - x_exact‖∞ / ‖x_exact‖∞`, when the exact solution was given.
        public let forwardError: Double?
        /// The normwise backward error `‖b - A·x‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞)`, in binary64.
        public let backwardError: Double
    }

    /// How a run ended.
    public enum Outcome: String, Sendable {
        case converged, stagnated, maxIterations = "iteration limit", factorizationFailed = "LU failed"
    }

    public struct Result: Sendable {
        public let solution: [Double]
        public let steps: [Step]
        public let outcome: Outcome
        public var converged: Bool { outcome == .converged }
    }

    /// Solves `A·x = b` for an `n×n` row-major `a` (binary64 values).
    ///
    /// - Throws: ``TensorError/countMismatch(shape:count:)`` for arrays of the wrong size.
    public func solve(_ a: [Double], _ b: [Double], size n: Int, exactSolution: [Double]? = nil) throws(TensorError) -> Result {
        try Tensor.check(shape: [n, n], count: a.count)
        try Tensor.check(shape: [n], count: b.count)
        let matrix = try Tensor(rounding: a, shape: [n, n], precision: factorization)
        func measure(_ x: [Double]) -> Step {
            let forward = exactSolution.map { exact in
                zip(x, exact).map { ($0 - $1).magnitude }.max()! / exact.map(\.magnitude).max()!
            }
            let r = zip(b, (0..<n).map { i in (0..<n).reduce(0.0) { $0 + a[i * n + $1] * x[$1] } }).map { $0 - $1 }
            let normA = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + a[i * n + $1].magnitude } }.max()!
            let denominator = normA * x.map(\.magnitude).max()! + b.map(\.magnitude).max()!
            return Step(forwardError: forward, backwardError: r.map(\.magnitude).max()! / denominator)
        }
        let lu: LUFactorization
        do {
            lu = try LUFactorization(matrix)
        } catch {
            return Result(solution: b.map { _ in .nan }, steps: [], outcome: .factorizationFailed)
        }
        guard lu.isFinite else { return Result(solution: b.map { _ in .nan }, steps: [], outcome: .factorizationFailed) }
        let toWorking = working.arithmetic
        var x = lu.solve(try Tensor(rounding: b, shape: [n], precision: factorization).scalars).map { toWorking.round($0, randomWord: 0) }
        var steps = [measure(x)]
        let residualProducts = Reduction.residual(residual.floatRounder!)  // made from float formats
        var previous = Double.infinity
        var slow = 0
        for _ in 0..<maxIterations {
            // r = b - A·x in u_r: s = Σ a[i][j]·x[j] then ∘(b[i] - s).
            let stream = residual.nextStream()
            let r = x.withUnsafeBufferPointer { xs in
                (0..<n).map { i in
                    let s = residualProducts.reduce(count: n, stream: stream, output: i, { a[i * n + $0] }, { xs[$0] })
                    return residual.arithmetic.difference(b[i], s, randomWord: 0)
                }
            }
            let scale = r.map(\.magnitude).max()!
            guard scale.isFinite else { return finish(x, steps, stopped: .stagnated, n) }
            if scale == 0 { return finish(x, steps, stopped: .converged, n) }
            let scaled = try Tensor(rounding: r.map { $0 / scale }, shape: [n], precision: factorization)
            let d = lu.solve(scaled.scalars).map { $0 * scale }
            x = zip(x, d).map { toWorking.sum($0, $1, randomWord: 0) }
            steps.append(measure(x))
            let correction = d.map(\.magnitude).max()!
            let size = x.map(\.magnitude).max()!
            if !correction.isFinite || !size.isFinite { return finish(x, steps, stopped: .stagnated, n) }
            if correction <= unitRoundoff * size { return finish(x, steps, stopped: .converged, n) }
            slow = correction > previous / 2 ? slow + 1 : 0
            if slow >= 2 { return finish(x, steps, stopped: .stagnated, n) }
            previous = correction
        }
        return finish(x, steps, stopped: .maxIterations, n)
    }

    /// The result: converged if the backward error reached `n·u`, else how it stopped.
    private func finish(_ x: [Double], _ steps: [Step], stopped: Outcome, _ n: Int) -> Result {
        let reached = steps.last.map { $0.backwardError <= Double(n) * unitRoundoff } ?? false
        return Result(solution: x, steps: steps, outcome: reached ? .converged : stopped == .converged ? .stagnated : stopped)
    }
}

extension Reduction where Accumulator == FloatRounder, ProductRounder == FloatRounder {
    /// Sequential sums of rounded products in `rounder`'s precision (a residual's dot products).
    static func residual(_ rounder: FloatRounder) -> Self {
        try! Reduction(order: .sequential, accumulator: rounder, productRounder: rounder)
    }
}
