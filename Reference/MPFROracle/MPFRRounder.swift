#if MPFR
import CMPFR

/// Rounds exact values with GNU MPFR, the reference every deterministic rounding of
/// swift-chop is checked against.
///
/// The oracle knows nothing of swift-chop's types: a target is a precision `p` (counting
/// the hidden bit), the IEEE exponent range `[emin, emax]` of its normal numbers and
/// whether it has subnormals. MPFR's significands lie in [1/2, 1), so its exponents are
/// IEEE's plus one: the format is emulated with `emax_mpfr = emax + 1`,
/// `emin_mpfr = emin - p + 2` and `mpfr_subnormalize` (or `emin_mpfr = emin + 1` and no
/// subnormalization when the format has none).
///
/// Rounding to nearest with ties away from zero and round-to-odd are not MPFR rounding
/// modes; ``roundNearestAway(_:_:to:)`` and ``roundToOdd(_:_:to:)`` build them from MPFR's
/// directed results, at unbounded exponent range above (the caller applies its overflow
/// rule).
///
/// An instance owns MPFR variables and is not thread-safe; create one per task. MPFR's
/// exponent range is thread-local, and every call sets and restores it.
public final class MPFRRounder {
    /// A target format in MPFR's terms.
    public struct Format: Sendable, Hashable, CustomStringConvertible {
        public var precision: Int
        public var minExponent: Int
        public var maxExponent: Int
        public var hasSubnormals: Bool

        public init(precision: Int, minExponent: Int, maxExponent: Int, hasSubnormals: Bool) {
            precondition((1...53).contains(precision), "MPFRRounder emulates precisions 1...53")
            precondition(minExponent >= -1022 && maxExponent <= 1023 && minExponent <= maxExponent)
            self.precision = precision
            self.minExponent = minExponent
            self.maxExponent = maxExponent
            self.hasSubnormals = hasSubnormals
        }

        public var description: String {
            "p=\(precision) emin=\(minExponent) emax=\(maxExponent)\(hasSubnormals ? "" : " no-subnormals")"
        }
    }

    /// The directed and nearest-even modes MPFR provides.
    public enum Direction: Sendable, CaseIterable, Hashable {
        case nearestEven, towardZero, up, down, awayFromZero

        var mpfr: mpfr_rnd_t {
            switch self {
            case .nearestEven: MPFR_RNDN
            case .towardZero: MPFR_RNDZ
            case .up: MPFR_RNDU
            case .down: MPFR_RNDD
            case .awayFromZero: MPFR_RNDA
            }
        }
    }

    /// The operations whose results the oracle computes.
    public enum Operation: String, Sendable, CaseIterable, Hashable {
        case sum, difference, product, quotient, squareRoot, fusedMultiplyAdd, remainder
    }

    /// Enough bits to hold the exact sum of any two doubles (2^1023 down to 2^-1074).
    private static let exactPrecision = 2200
    /// Enough bits to hold `a·b + c` exactly for any doubles (2^2047 down to 2^-2148).
    private static let fusedPrecision = 4300

    private let exact = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
    private let low = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
    private let high = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
    private let lowGap = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
    private let highGap = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
    private let scratch = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
    private let operands = (0..<3).map { _ in UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1) }

    public init() {
        for variable in [exact, lowGap, highGap] {
            mpfr_init2(variable, mpfr_prec_t(Self.fusedPrecision))
        }
        for variable in [low, high, scratch] + operands {
            mpfr_init2(variable, 53)
        }
    }

    deinit {
        for variable in [exact, low, high, lowGap, highGap, scratch] + operands {
            mpfr_clear(variable)
            variable.deallocate()
        }
    }

    /// The exact value `head + tail` rounded to `format` by MPFR in `direction`.
    ///
    /// With `boundedAbove` (the default) values beyond the format's range overflow as MPFR
    /// does for an IEEE format whose largest finite value is `(2 - 2^(1-p)) * 2^emax`:
    /// to infinity or to that largest value, by direction. Without it the exponent range is
    /// unbounded above and nothing overflows (a result above `Double`'s range reads as
    /// infinity). Zeros keep their sign. NaN gives NaN, and infinities stay.
    public func round(
        _ head: Double, _ tail: Double = 0, to format: Format, _ direction: Direction,
        boundedAbove: Bool = true
    ) -> Double {
        load(head, tail)
        return roundLoaded(to: format, direction, boundedAbove: boundedAbove)
    }

    /// `head + tail` rounded to nearest with ties away from zero (see
    /// ``roundLoadedNearestAway(to:)``).
    public func roundNearestAway(_ head: Double, _ tail: Double = 0, to format: Format) -> Double {
        load(head, tail)
        return roundLoadedNearestAway(to: format)
    }

    /// `head + tail` rounded to odd (see ``roundLoadedToOdd(to:)``).
    public func roundToOdd(_ head: Double, _ tail: Double = 0, to format: Format) -> Double {
        load(head, tail)
        return roundLoadedToOdd(to: format)
    }

    // MARK: - The loaded value

    /// Loads the exact value `head + tail` for the `roundLoaded` functions.
    public func load(_ head: Double, _ tail: Double = 0) {
        mpfr_set_prec(exact, mpfr_prec_t(Self.exactPrecision))
        withFullExponentRange {
            mpfr_set_d(exact, head, MPFR_RNDN)
            // Exact at 2200 bits. A zero tail is skipped: -0 + +0 would give +0.
            if tail != 0 { mpfr_add_d(exact, exact, tail, MPFR_RNDN) }
        }
    }

    /// Loads the result of `operation` on `a` (and `b`, and `c` for the fused multiply-add
    /// `a·b + c`) for the `roundLoaded` functions. MPFR follows IEEE 754 for special operands
    /// and for the sign of exact zeros, which depends on `direction` (an exact zero sum is -0
    /// only toward -∞).
    ///
    /// Sums, differences, products, fused multiply-adds and remainders are exact. Quotients
    /// and square roots are computed to 2200 bits, which rounds correctly to every format:
    /// an inexact quotient or root of doubles differs from every number of at most 54
    /// significant bits (a value or a midpoint) by more than 2^-220 of itself, far more than
    /// the error of 2^-2200.
    public func load(
        _ operation: Operation, _ a: Double, _ b: Double = 0, _ c: Double = 0, direction: Direction = .nearestEven
    ) {
        mpfr_set_prec(exact, mpfr_prec_t(operation == .fusedMultiplyAdd ? Self.fusedPrecision : Self.exactPrecision))
        let rounding = direction.mpfr
        withFullExponentRange {
            for (variable, value) in zip(operands, [a, b, c]) { mpfr_set_d(variable, value, MPFR_RNDN) }
            let (x, y, z) = (operands[0], operands[1], operands[2])
            switch operation {
            case .sum: mpfr_add(exact, x, y, rounding)
            case .difference: mpfr_sub(exact, x, y, rounding)
            case .product: mpfr_mul(exact, x, y, rounding)
            case .quotient: mpfr_div(exact, x, y, rounding)
            case .squareRoot: mpfr_sqrt(exact, x, rounding)
            case .fusedMultiplyAdd: mpfr_fma(exact, x, y, z, rounding)
            case .remainder: mpfr_remainder(exact, x, y, rounding)
            }
        }
    }

    /// Loads `Σ a[i]·b[i]`, exactly: the first product, then each next one added in index
    /// order with MPFR's fused multiply-add at 4,300 bits (every product of doubles, and
    /// sums of up to 2^100 of them, fit). Special operands and the sign of a zero sum follow
    /// IEEE 754 for `direction` (each step is one IEEE operation: so `[-0]·[1]` is -0); an
    /// empty sum is +0.
    public func loadDotProduct(_ a: [Double], _ b: [Double], direction: Direction = .nearestEven) {
        precondition(a.count == b.count, "the vectors must have the same length")
        mpfr_set_prec(exact, mpfr_prec_t(Self.fusedPrecision))
        let rounding = direction.mpfr
        withFullExponentRange {
            mpfr_set_zero(exact, 1)
            for (index, (x, y)) in zip(a, b).enumerated() {
                mpfr_set_d(operands[0], x, MPFR_RNDN)
                mpfr_set_d(operands[1], y, MPFR_RNDN)
                if index == 0 {
                    mpfr_mul(exact, operands[0], operands[1], rounding)
                } else {
                    mpfr_fma(exact, operands[0], operands[1], exact, rounding)
                }
            }
        }
    }

    /// What the loaded value is.
    public var loadedClass: (isNaN: Bool, isInfinite: Bool, isZero: Bool, isNegative: Bool) {
        (mpfr_nan_p(exact) != 0, mpfr_inf_p(exact) != 0, mpfr_zero_p(exact) != 0, mpfr_signbit(exact) != 0)
    }

    /// The exponent of the loaded value (finite and nonzero): it lies in
    /// `[2^e, 2^(e+1))`.
    public var loadedExponent: Int { Int(mpfr_get_exp(exact)) - 1 }

    /// Whether the loaded value equals `x` exactly.
    public func loadedEquals(_ x: Double) -> Bool {
        !x.isNaN && mpfr_nan_p(exact) == 0 && mpfr_cmp_d(exact, x) == 0
    }

    /// The loaded value rounded to `format` by MPFR in `direction` (see
    /// ``round(_:_:to:_:boundedAbove:)``).
    public func roundLoaded(to format: Format, _ direction: Direction, boundedAbove: Bool = true) -> Double {
        roundExact(into: low, format: format, direction.mpfr, boundedAbove: boundedAbove)
        return mpfr_get_d(low, MPFR_RNDN)
    }

    /// The loaded value rounded to nearest with ties away from zero, built from MPFR's
    /// toward-zero and away-from-zero results, at unbounded exponent range above.
    public func roundLoadedNearestAway(to format: Format) -> Double {
        guard bracketExact(format: format) else { return mpfr_get_d(low, MPFR_RNDN) }
        // Distances from the exact value to each neighbour, exactly.
        mpfr_sub(lowGap, exact, low, MPFR_RNDN)
        mpfr_sub(highGap, high, exact, MPFR_RNDN)
        mpfr_abs(lowGap, lowGap, MPFR_RNDN)
        mpfr_abs(highGap, highGap, MPFR_RNDN)
        let nearer = mpfr_cmp(lowGap, highGap) < 0 ? low : high
        return mpfr_get_d(nearer, MPFR_RNDN)
    }

    /// The loaded value rounded to odd: the toward-zero result when exact, otherwise
    /// whichever of the two neighbours has an odd last significand bit, at unbounded
    /// exponent range above. A toward-zero result of zero is followed by the least nonzero
    /// neighbour (the least subnormal, or the least normal in a format without subnormals).
    public func roundLoadedToOdd(to format: Format) -> Double {
        guard bracketExact(format: format) else { return mpfr_get_d(low, MPFR_RNDN) }
        if mpfr_zero_p(low) != 0 { return mpfr_get_d(high, MPFR_RNDN) }
        return mpfr_get_d(isOdd(low, format: format) ? low : high, MPFR_RNDN)
    }

    /// For stochastic rounding of the loaded value (finite and nonzero): its neighbours
    /// toward and away from zero at unbounded exponent range above, and
    /// `floor(f·2^randomBits)` for `f = (|x| - |towardZero|) / (|awayFromZero| - |towardZero|)`,
    /// computed exactly. Nil when the value is a number of the format.
    public func loadedStochasticThreshold(
        to format: Format, randomBits: Int
    ) -> (towardZero: Double, awayFromZero: Double, threshold: UInt64)? {
        guard bracketExact(format: format) else { return nil }
        // Both differences are exact at the working precision.
        mpfr_sub(lowGap, exact, low, MPFR_RNDN)
        mpfr_sub(highGap, high, low, MPFR_RNDN)
        mpfr_abs(lowGap, lowGap, MPFR_RNDN)
        mpfr_abs(highGap, highGap, MPFR_RNDN)
        mpfr_set_prec(scratch, 256)
        let threshold: UInt = withFullExponentRange {
            // Truncated to 256 bits and floored: the floor of the exact f·2^R.
            mpfr_div(scratch, lowGap, highGap, MPFR_RNDZ)
            mpfr_mul_2si(scratch, scratch, randomBits, MPFR_RNDZ)
            return mpfr_get_ui(scratch, MPFR_RNDZ)
        }
        return (mpfr_get_d(low, MPFR_RNDN), mpfr_get_d(high, MPFR_RNDN), UInt64(threshold))
    }

    // MARK: - Internals

    /// Rounds `exact` into `target` with the format's exponent range; returns the ternary.
    @discardableResult
    private func roundExact(
        into target: UnsafeMutablePointer<__mpfr_struct>, format: Format, _ rounding: mpfr_rnd_t,
        boundedAbove: Bool
    ) -> Int32 {
        mpfr_set_prec(target, mpfr_prec_t(format.precision))
        var ternary = withFullExponentRange { mpfr_set(target, exact, rounding) }
        let savedMin = mpfr_get_emin()
        let savedMax = mpfr_get_emax()
        defer {
            mpfr_set_emin(savedMin)
            mpfr_set_emax(savedMax)
        }
        let minExponent = format.hasSubnormals
            ? format.minExponent - format.precision + 2 : format.minExponent + 1
        mpfr_set_emin(mpfr_exp_t(minExponent))
        mpfr_set_emax(boundedAbove ? mpfr_exp_t(format.maxExponent + 1) : mpfr_get_emax_max())
        ternary = mpfr_check_range(target, ternary, rounding)
        if format.hasSubnormals {
            ternary = mpfr_subnormalize(target, ternary, rounding)
        }
        return ternary
    }

    /// Rounds the loaded value toward zero (`low`) and away from zero (`high`); returns false
    /// (with the result in `low`) when no choice is left: the value is exact, NaN or infinite.
    private func bracketExact(format: Format) -> Bool {
        let ternary = roundExact(into: low, format: format, MPFR_RNDZ, boundedAbove: false)
        if ternary == 0 || mpfr_nan_p(exact) != 0 || mpfr_inf_p(exact) != 0 { return false }
        roundExact(into: high, format: format, MPFR_RNDA, boundedAbove: false)
        return true
    }

    /// Whether a nonzero value of the format has an odd last significand bit.
    private func isOdd(_ value: UnsafeMutablePointer<__mpfr_struct>, format: Format) -> Bool {
        // MPFR exponent E means value in [2^(E-1), 2^E): IEEE exponent E - 1.
        let exponent = Int(mpfr_get_exp(value)) - 1
        let quantumExponent = max(exponent, format.minExponent) - format.precision + 1
        mpfr_set_prec(scratch, 64)
        _ = withFullExponentRange {
            mpfr_mul_2si(scratch, value, -(quantumExponent + 1), MPFR_RNDN)  // value / (2 quantum)
        }
        return mpfr_integer_p(scratch) == 0
    }

    private func withFullExponentRange<T>(_ body: () -> T) -> T {
        let savedMin = mpfr_get_emin()
        let savedMax = mpfr_get_emax()
        mpfr_set_emin(mpfr_get_emin_min())
        mpfr_set_emax(mpfr_get_emax_max())
        defer {
            mpfr_set_emin(savedMin)
            mpfr_set_emax(savedMax)
        }
        return body()
    }
}
#endif
