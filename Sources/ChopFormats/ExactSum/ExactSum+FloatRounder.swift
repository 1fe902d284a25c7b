extension FloatRounder {
    /// The exact sum rounded once, in the rounder's mode (stochastic modes read the top bits
    /// of `randomWord`).
    @inlinable
    public func round(_ sum: ExactSum, randomWord: UInt64 = 0) -> Double {
        perform(ExactSumOperation(sum: sum), randomWord: randomWord)
    }
}

/// Rounding an ``ExactSum``: always the exact path.
@usableFromInline
struct ExactSumOperation: ArithmeticOperation {
    @usableFromInline let sum: ExactSum

    @inlinable init(sum: ExactSum) { self.sum = sum }

    @inlinable
    func exactResult(roundingTowardNegative: Bool) -> ExactResult {
        sum.exactResult(roundingTowardNegative: roundingTowardNegative)
    }

    @inlinable
    func fastResult<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, randomWord: UInt64, facts: OperandFacts
    ) -> Double? { nil }
}
