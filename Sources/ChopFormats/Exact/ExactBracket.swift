/// The bracket of an exact value's magnitude (an ``ExactValue``): the value divided by the
/// quantum as a fixed-point number with an integer part, 64 fraction bits (floored) and a
/// sticky bit for anything below them. Every fact follows with integer arithmetic, so ties,
/// parity and the stochastic threshold are decided on the exact value, never on a rounded
/// `Double`.
@frozen @usableFromInline
struct ExactBracket: RoundingBracket {
    @usableFromInline let quantum: Double
    /// `floor(|x| / quantum)`, below `2^p`.
    @usableFromInline let integer: UInt64
    /// `floor(frac(|x| / quantum) · 2^64)`.
    @usableFromInline let fraction: UInt64
    /// Whether `frac(|x| / quantum) · 2^64` has a nonzero part below the fraction bits.
    @usableFromInline let sticky: Bool

    /// The bracket of `|value|`.
    ///
    /// - Precondition: `value` is not zero.
    /// - Returns: nil when `|value|` is at least `2^(emax+1)`: it overflows in every mode.
    @inlinable
    init?(_ value: ExactValue, plan: RoundingPlan) {
        let top = value.topExponent
        if top > plan.maxExponent { return nil }
        let binadeExponent = top >= plan.minExponent ? top
            : plan.hasSubnormals ? plan.minExponent : plan.minExponent + plan.precision - 1
        let quantumExponent = binadeExponent - plan.precision + 1
        quantum = .powerOfTwo(quantumExponent)
        let significand = value.significand
        let shift = value.exponent - quantumExponent  // |value| / quantum = significand · 2^shift
        if shift >= 0 {
            // An integer multiple of the quantum (the sticky invariant rules out a sticky bit here).
            integer = UInt64(truncatingIfNeeded: significand << shift)
            fraction = 0
            sticky = value.sticky
            return
        }
        let cut = -shift  // bits below the quantum
        integer = cut < 128 ? UInt64(truncatingIfNeeded: significand >> cut) : 0
        if cut <= 64 {
            fraction = UInt64(truncatingIfNeeded: significand << (64 - cut))
            sticky = value.sticky
        } else {
            let below = cut - 64  // bits below the 64 fraction bits
            fraction = below < 128 ? UInt64(truncatingIfNeeded: significand >> below) : 0
            sticky = value.sticky || (below < 128 ? significand & ((UInt128(1) << below) - 1) != 0 : significand != 0)
        }
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
