extension RoundingKernel {
    /// An operation's exact result rounded once.
    @inlinable
    func round(_ result: ExactResult, randomWord: UInt64) -> Double {
        switch result {
        case .notANumber: round(.nan, randomWord: randomWord)
        case .infinity(let negative, _): round(negative ? -.infinity : .infinity, randomWord: randomWord)
        case .zero(let negative): round(negative ? -0.0 : 0.0, randomWord: randomWord)
        case .finite(let value): round(value, randomWord: randomWord)
        }
    }

    /// An operation's exact result rounded once, and the exceptions IEEE 754 signals for it
    /// (see ``ExceptionFlags``).
    ///
    /// Overflow compares the rounding at unbounded exponent range (the rule applied to the
    /// exact bracket, before the overflow step) with the greatest finite value, with the same
    /// random word; tininess is decided on the exact value.
    @inlinable
    func roundReportingExceptions(_ result: ExactResult, randomWord: UInt64) -> (value: Double, exceptions: ExceptionFlags) {
        let value = round(result, randomWord: randomWord)
        var exceptions: ExceptionFlags = []
        switch result {
        case .notANumber(let invalid):
            if invalid { exceptions.insert(.invalid) }
        case .infinity(_, let divisionByZero):
            if divisionByZero { exceptions.insert(.divisionByZero) }
            // A format without infinities makes "∞" NaN or its greatest value.
            if value.isNaN { exceptions.insert(.invalid) } else if value.isFinite { exceptions.insert(.inexact) }
        case .zero:
            // E8M0 has no zero.
            if value.isNaN { exceptions.insert(.invalid) }
        case .finite(let exact):
            if exact.negative && plan.lowestInput > 0 {
                // An unsigned format's negative numbers.
                exceptions.insert(.invalid)
                break
            }
            guard let bracket = ExactBracket(exact, plan: plan) else {
                exceptions.formUnion([.overflow, .inexact])
                break
            }
            let unbounded = Rule.magnitude(bracket, negative: exact.negative, randomWord: randomWord, plan: plan)
            if unbounded > plan.maxFinite {
                exceptions.formUnion([.overflow, .inexact])
            } else if !bracket.isExact {
                exceptions.insert(.inexact)
                if exact.topExponent < plan.minExponent { exceptions.insert(.underflow) }
            }
        }
        return (value, exceptions)
    }
}
