/// The exact sum of doubles and of products of doubles, kept without any rounding until a
/// ``FloatRounder`` rounds it once (a rounder's `round(_ sum:randomWord:)`): the
/// reference for a dot product or a fused accumulation, whatever its length or order.
///
/// ```swift
/// var sum = ExactSum()
/// for (a, b) in zip(x, y) { sum.addProduct(a, b) }   // exact, in any order
/// let dot = try FloatRounder(format: .binary16).round(sum)
/// ```
///
/// A Kulisch accumulator: a two's complement integer whose least bit weighs 2^-2148 (the
/// finest product of two doubles) with room up to 2^2049 and 63 carry bits (4,260 bits),
/// so that up to 2^63 terms of any finite size add exactly, including products beyond
/// binary64's range.
///
/// Special terms follow IEEE 754: a NaN term, `∞ - ∞` or `0 × ∞` makes the sum NaN; an
/// infinite term makes it that infinity. An exact zero sum is -0 when every term was -0
/// (at least one term), or when it cancelled exactly and the rounding is toward -∞; else +0.
public struct ExactSum: Sendable {
    private var accumulator = FixedPointAccumulator(lowestExponent: -2148, valueBits: 2148 + 2050)
    private var sawNaN = false
    private var sawPositiveInfinity = false
    private var sawNegativeInfinity = false
    private var termCount = 0
    private var negativeZeroTerms = 0
    private var positiveZeroTerms = 0

    /// Zero, with no terms.
    public init() {}

    /// Back to zero with no terms.
    public mutating func clear() {
        accumulator.clear()
        (sawNaN, sawPositiveInfinity, sawNegativeInfinity) = (false, false, false)
        (termCount, negativeZeroTerms, positiveZeroTerms) = (0, 0, 0)
    }

    /// Adds `x` exactly.
    public mutating func add(_ x: Double) {
        termCount += 1
        if x.isNaN { return sawNaN = true }
        if x.isInfinite { return x < 0 ? (sawNegativeInfinity = true) : (sawPositiveInfinity = true) }
        if x == 0 {
            if x.sign == .minus { negativeZeroTerms += 1 } else { positiveZeroTerms += 1 }
            return
        }
        accumulator.add(ExactValue(x))
    }

    /// Adds the exact product `a × b` (which may be beyond binary64's range or finer than
    /// its least subnormal).
    public mutating func addProduct(_ a: Double, _ b: Double) {
        termCount += 1
        if a.isNaN || b.isNaN { return sawNaN = true }
        let negative = a.sign != b.sign
        if a.isInfinite || b.isInfinite {
            if a == 0 || b == 0 { return sawNaN = true }
            return negative ? (sawNegativeInfinity = true) : (sawPositiveInfinity = true)
        }
        if a == 0 || b == 0 {
            if negative { negativeZeroTerms += 1 } else { positiveZeroTerms += 1 }
            return
        }
        accumulator.add(ExactValue.product(a, b))
    }

    /// Adds every term of `other`.
    public mutating func add(_ other: ExactSum) {
        termCount += other.termCount
        negativeZeroTerms += other.negativeZeroTerms
        sawNaN = sawNaN || other.sawNaN
        sawPositiveInfinity = sawPositiveInfinity || other.sawPositiveInfinity
        sawNegativeInfinity = sawNegativeInfinity || other.sawNegativeInfinity
        positiveZeroTerms += other.positiveZeroTerms
        accumulator.add(other.accumulator)
    }

    /// Whether the sum is exactly zero (no NaN or infinity, and the finite terms cancel).
    public var isZero: Bool { !sawNaN && !sawPositiveInfinity && !sawNegativeInfinity && accumulator.isZero }

    /// The exact result, with IEEE 754's rules for special terms and the sign of zero.
    @usableFromInline
    func exactResult(roundingTowardNegative: Bool) -> ExactResult {
        if sawNaN || (sawPositiveInfinity && sawNegativeInfinity) { return .notANumber(invalid: !sawNaN) }
        if sawPositiveInfinity || sawNegativeInfinity { return .infinity(negative: sawNegativeInfinity, divisionByZero: false) }
        guard let value = accumulator.value else {
            // As a chain of IEEE additions: -0 only from -0s, or toward -∞ from anything
            // but +0s alone.
            let onlyNegativeZeros = termCount > 0 && negativeZeroTerms == termCount
            let onlyPositiveZeros = positiveZeroTerms == termCount
            return .zero(negative: onlyNegativeZeros || (roundingTowardNegative && !onlyPositiveZeros))
        }
        return .finite(value)
    }
}
