/// The exact result of an arithmetic operation on doubles, before rounding: what IEEE 754
/// defines for special operands, and the exact number otherwise.
///
/// This is the reference semantics of every emulated operation. The operations' fast paths
/// (hardware arithmetic and error-free transformations) are shortcuts to the same rounding
/// and fall back to it whenever they cannot prove they are exact; exception flags are
/// always computed from it.
@frozen @usableFromInline
enum ExactResult: Sendable {
    /// NaN; `invalid` when no operand was NaN.
    case notANumber(invalid: Bool)
    /// An exact infinity (an infinite operand, or a nonzero number divided by zero).
    case infinity(negative: Bool, divisionByZero: Bool)
    /// An exact zero, with the sign IEEE 754 gives it.
    case zero(negative: Bool)
    /// A nonzero finite number (which may be beyond binary64's range).
    case finite(ExactValue)
}

extension ExactResult {
    /// The value of a double.
    @inlinable
    static func value(_ x: Double) -> ExactResult {
        if x.isNaN { return .notANumber(invalid: false) }
        if x.isInfinite { return .infinity(negative: x < 0, divisionByZero: false) }
        if x == 0 { return .zero(negative: x.sign == .minus) }
        return .finite(ExactValue(x))
    }

    /// `a + b`. An exact zero is +0, or -0 when both are -0 or when rounding toward -∞.
    @inlinable
    static func sum(_ a: Double, _ b: Double, roundingTowardNegative: Bool) -> ExactResult {
        if a.isNaN || b.isNaN { return .notANumber(invalid: false) }
        if a.isInfinite || b.isInfinite {
            if a.isInfinite && b.isInfinite && a.sign != b.sign { return .notANumber(invalid: true) }
            return .infinity(negative: (a.isInfinite ? a : b).sign == .minus, divisionByZero: false)
        }
        let exact = ExactValue.sum(ExactValue(a), ExactValue(b))
        if exact.isZero {
            // Operands of one sign can only sum to zero when both are zeros of that sign.
            return .zero(negative: a.sign == b.sign ? a.sign == .minus : roundingTowardNegative)
        }
        return .finite(exact)
    }

    /// `a × b`.
    @inlinable
    static func product(_ a: Double, _ b: Double) -> ExactResult {
        if a.isNaN || b.isNaN { return .notANumber(invalid: false) }
        let negative = a.sign != b.sign
        if a.isInfinite || b.isInfinite {
            return a == 0 || b == 0 ? .notANumber(invalid: true) : .infinity(negative: negative, divisionByZero: false)
        }
        if a == 0 || b == 0 { return .zero(negative: negative) }
        return .finite(ExactValue.product(a, b))
    }

    /// `a / b`.
    @inlinable
    static func quotient(_ a: Double, _ b: Double) -> ExactResult {
        if a.isNaN || b.isNaN { return .notANumber(invalid: false) }
        let negative = a.sign != b.sign
        if a.isInfinite {
            return b.isInfinite ? .notANumber(invalid: true) : .infinity(negative: negative, divisionByZero: false)
        }
        if b.isInfinite { return .zero(negative: negative) }
        if b == 0 {
            return a == 0 ? .notANumber(invalid: true) : .infinity(negative: negative, divisionByZero: true)
        }
        if a == 0 { return .zero(negative: negative) }
        return .finite(ExactValue.quotient(a, b))
    }

    /// `√a`: `√-0` is -0, the root of a negative number is invalid.
    @inlinable
    static func squareRoot(_ a: Double) -> ExactResult {
        if a.isNaN { return .notANumber(invalid: false) }
        if a == 0 { return .zero(negative: a.sign == .minus) }
        if a < 0 { return .notANumber(invalid: true) }
        if a.isInfinite { return .infinity(negative: false, divisionByZero: false) }
        return .finite(ExactValue.squareRoot(a))
    }

    /// `a × b + c` with one rounding. `0 × ∞` is invalid whatever `c` is (unless `c` is NaN),
    /// and so is `∞ - ∞` between the product and `c`.
    @inlinable
    static func fusedMultiplyAdd(_ a: Double, _ b: Double, _ c: Double, roundingTowardNegative: Bool) -> ExactResult {
        if a.isNaN || b.isNaN || c.isNaN { return .notANumber(invalid: false) }
        let productNegative = a.sign != b.sign
        if a.isInfinite || b.isInfinite {
            if a == 0 || b == 0 { return .notANumber(invalid: true) }
            if c.isInfinite && (c.sign == .minus) != productNegative { return .notANumber(invalid: true) }
            return .infinity(negative: productNegative, divisionByZero: false)
        }
        if c.isInfinite { return .infinity(negative: c.sign == .minus, divisionByZero: false) }
        if a == 0 || b == 0 {
            // An exact zero product: the sum's rules, with the product's sign.
            return sum(productNegative ? -0.0 : 0.0, c, roundingTowardNegative: roundingTowardNegative)
        }
        let exact = ExactValue.sum(ExactValue.product(a, b), ExactValue(c))
        // A nonzero product cancels only against a c of the other sign.
        if exact.isZero { return .zero(negative: roundingTowardNegative) }
        return .finite(exact)
    }

    /// The remainder `a - n·b`, `n` the integer nearest `a / b` (ties to even; IEEE 754's
    /// `remainder`), or `a / b` truncated (`truncating`, C's `fmod`). Both are exact in
    /// binary64, so the hardware computes them; `x rem 0` and `∞ rem y` are invalid.
    @inlinable
    static func remainder(_ a: Double, _ b: Double, truncating: Bool) -> ExactResult {
        let r = truncating ? a.truncatingRemainder(dividingBy: b) : a.remainder(dividingBy: b)
        if r.isNaN { return .notANumber(invalid: !a.isNaN && !b.isNaN) }
        return value(r)
    }
}
