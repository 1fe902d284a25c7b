/// The bracket of an exact magnitude `a + t` given as an unevaluated pair of doubles, as
/// produced by error-free transformations (TwoSum, TwoProduct).
///
/// The magnitude divided by the quantum is computed exactly as a fixed-point number:
/// an integer part, 64 fraction bits (floored) and a sticky bit for anything below them.
/// Every fact follows from those three with integer arithmetic, so ties, parity and the
/// stochastic threshold are decided on the exact value, never on a rounded `Double`.
@frozen @usableFromInline
struct ExactPairBracket: RoundingBracket {
    @usableFromInline let quantum: Double
    /// `floor(|x| / quantum)`, below `2^p`.
    @usableFromInline let integer: UInt64
    /// `floor(frac(|x| / quantum) · 2^64)`.
    @usableFromInline let fraction: UInt64
    /// Whether `frac(|x| / quantum) · 2^64` has a nonzero part below the fraction bits.
    @usableFromInline let sticky: Bool

    /// The bracket of `magnitude + tail`.
    ///
    /// - Precondition: `magnitude` is positive and finite, `tail` is nonzero and
    ///   `|tail| ≤ ulp(magnitude) / 2` (the pair is normalized, as TwoSum leaves it).
    /// - Returns: nil when the exact value is at least `2^(emax+1)`: it overflows in every
    ///   mode.
    @inlinable
    init?(magnitude: Double, tail: Double, plan: RoundingPlan) {
        let (headSignificand, headExponent) = Self.decompose(magnitude)
        // The exact value's exponent: one less when the head is a power of two and the
        // tail pulls it below.
        let exponent = headSignificand == 1 << 52 && tail < 0 ? headExponent - 1 : headExponent
        if exponent > plan.maxExponent { return nil }
        let binadeExponent = exponent >= plan.minExponent ? exponent
            : plan.hasSubnormals ? plan.minExponent : plan.minExponent + plan.precision - 1
        let quantumExponent = binadeExponent - plan.precision + 1
        quantum = .powerOfTwo(quantumExponent)

        // |x| / quantum · 2^64 = headSignificand · 2^headShift ± tail part.
        let headShift = headExponent - 52 - quantumExponent + 64
        var scaled: UInt128
        if headShift >= 0 {
            // The head is an integer multiple of 2^headShift (headShift ≤ 65, so below 2^118);
            // the tail may have bits below the fixed point.
            let head = UInt128(headSignificand) << headShift
            let (tailSignificand, tailExponent) = Self.decompose(tail.magnitude)
            let tailShift = tailExponent - 52 - quantumExponent + 64
            var tailPart: UInt128
            var tailSticky: Bool
            if tailShift >= 0 {
                tailPart = UInt128(tailSignificand) << tailShift
                tailSticky = false
            } else if -tailShift < 128 {
                tailPart = UInt128(tailSignificand) >> -tailShift
                tailSticky = UInt128(tailSignificand) & ((UInt128(1) << -tailShift) - 1) != 0
            } else {
                tailPart = 0
                tailSticky = true
            }
            if tail > 0 {
                scaled = head + tailPart
            } else {
                // Subtracting a truncated amount: borrow one unit when bits were cut off.
                scaled = head - tailPart - (tailSticky ? 1 : 0)
            }
            sticky = tailSticky
        } else {
            // The head has bits below the fixed point, and the tail (under half the head's
            // ulp) cannot carry across it: floor(head + tail) = floor(head), less one when the
            // head is an exact fixed-point value and the tail is negative.
            let cut = -headShift
            let head = cut < 64 ? headSignificand >> cut : 0
            let headIsExact = cut < 64 && headSignificand & ((1 << cut) - 1) == 0
            scaled = UInt128(head) - (headIsExact && tail < 0 ? 1 : 0)
            sticky = true
        }
        integer = UInt64(truncatingIfNeeded: scaled >> 64)
        fraction = UInt64(truncatingIfNeeded: scaled)
    }

    /// `value = significand · 2^(exponent - 52)` for a finite positive double (subnormals
    /// have exponent -1022 and no hidden bit).
    @inlinable
    static func decompose(_ value: Double) -> (significand: UInt64, exponent: Int) {
        let field = Int(value.bitPattern >> 52)
        let stored = value.bitPattern & 0x000F_FFFF_FFFF_FFFF
        return field == 0 ? (stored, -1022) : (stored | 1 << 52, field - 1023)
    }

    @usableFromInline static let half: UInt64 = 1 << 63

    @inlinable var towardZero: Double { Double(integer) * quantum }

    @inlinable var awayFromZero: Double { isExact ? towardZero : Double(integer + 1) * quantum }

    @inlinable var isExact: Bool { fraction == 0 && !sticky }

    @inlinable var isTie: Bool { fraction == Self.half && !sticky }

    @inlinable var nearestEven: Double {
        let aboveHalf = fraction > Self.half || (fraction == Self.half && sticky)
        return aboveHalf || (isTie && towardZeroIsOdd) ? awayFromZero : towardZero
    }

    @inlinable var towardZeroIsOdd: Bool { integer & 1 != 0 }

    @inlinable
    func roundsAway(randomWord: UInt64, plan: RoundingPlan) -> Bool {
        (randomWord &>> plan.randomShift) < (fraction &>> plan.randomShift)
    }
}
