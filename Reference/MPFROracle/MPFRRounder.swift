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

    /// Enough bits to hold the exact sum of any two doubles (2^1023 down to 2^-1074).
    private static let exactPrecision = 2200

    private let exact = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
    private let low = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
    private let high = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
    private let lowGap = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
    private let highGap = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
    private let scratch = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)

    public init() {
        for variable in [exact, lowGap, highGap] {
            mpfr_init2(variable, mpfr_prec_t(Self.exactPrecision))
        }
        for variable in [low, high, scratch] {
            mpfr_init2(variable, 53)
        }
    }

    deinit {
        for variable in [exact, low, high, lowGap, highGap, scratch] {
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
        loadExact(head, tail)
        roundExact(into: low, format: format, direction.mpfr, boundedAbove: boundedAbove)
        return mpfr_get_d(low, MPFR_RNDN)
    }

    /// `head + tail` rounded to nearest with ties away from zero, built from MPFR's
    /// toward-zero and away-from-zero results, at unbounded exponent range above.
    public func roundNearestAway(_ head: Double, _ tail: Double = 0, to format: Format) -> Double {
        guard bracketExact(head, tail, format: format) else { return mpfr_get_d(low, MPFR_RNDN) }
        // Distances from the exact value to each neighbour, exactly.
        mpfr_sub(lowGap, exact, low, MPFR_RNDN)
        mpfr_sub(highGap, high, exact, MPFR_RNDN)
        mpfr_abs(lowGap, lowGap, MPFR_RNDN)
        mpfr_abs(highGap, highGap, MPFR_RNDN)
        let nearer = mpfr_cmp(lowGap, highGap) < 0 ? low : high
        return mpfr_get_d(nearer, MPFR_RNDN)
    }

    /// `head + tail` rounded to odd: the toward-zero result when exact, otherwise whichever
    /// of the two neighbours has an odd last significand bit, at unbounded exponent range
    /// above. A toward-zero result of zero is followed by the least nonzero neighbour
    /// (the least subnormal, or the least normal in a format without subnormals).
    public func roundToOdd(_ head: Double, _ tail: Double = 0, to format: Format) -> Double {
        guard bracketExact(head, tail, format: format) else { return mpfr_get_d(low, MPFR_RNDN) }
        if mpfr_zero_p(low) != 0 { return mpfr_get_d(high, MPFR_RNDN) }
        return mpfr_get_d(isOdd(low, format: format) ? low : high, MPFR_RNDN)
    }

    // MARK: - Internals

    private func loadExact(_ head: Double, _ tail: Double) {
        withFullExponentRange {
            mpfr_set_d(exact, head, MPFR_RNDN)
            // Exact at 2200 bits. A zero tail is skipped: -0 + +0 would give +0.
            if tail != 0 { mpfr_add_d(exact, exact, tail, MPFR_RNDN) }
        }
    }

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

    /// Loads `head + tail` and its toward-zero (`low`) and away-from-zero (`high`)
    /// neighbours; returns false (with the result in `low`) when no choice is left:
    /// the value is exact, NaN or infinite.
    private func bracketExact(_ head: Double, _ tail: Double, format: Format) -> Bool {
        loadExact(head, tail)
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
