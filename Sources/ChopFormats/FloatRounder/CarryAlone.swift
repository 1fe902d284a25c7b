/// Proportional stochastic rounding by carry alone, four values at a time: what
/// ``RoundingKernel/roundByCarry(_:randomWord:)`` reduces to for values that are zero or of
/// magnitude from `2^emin` to the greatest finite value, in plain shifter formats.
///
/// Made from the plan once per array loop. Four lanes, not eight: with baseline SSE2's
/// sixteen registers, eight-lane values spill in the loop.
@frozen @usableFromInline
struct CarryAlone {
    /// The plan's carry shift and mask (of min(R, 53 - p) random bits), the mask that keeps
    /// the bits above the last 53 - p, `2^emin` and the greatest finite value.
    @usableFromInline let shift: UInt64
    @usableFromInline let mask: UInt64
    @usableFromInline let keep: UInt64
    @usableFromInline let minNormal: Double
    @usableFromInline let maxFinite: Double

    @inlinable
    init(_ plan: RoundingPlan) {
        shift = plan.carryShift
        mask = plan.carryMask
        keep = plan.keepMask
        minNormal = plan.minNormal
        maxFinite = plan.maxFinite
    }

    /// Four values rounded, where ``outside(_:)`` is zero in every lane: one integer
    /// addition and a mask on the signed bits, the same results as
    /// ``RoundingKernel/roundByCarry(_:randomWord:)`` and ``DoubleBracket/stochastic(randomWord:plan:)``.
    ///
    /// There `c = 0` and nothing overflows (a magnitude at most the greatest finite value
    /// rounds to at most that value), and a carry out of the fraction moves the exponent but
    /// never reaches the sign bit, so ``RoundingKernel/roundByCarry(_:randomWord:)`` reduces to
    /// this on the signed bits; a zero keeps its bits, as `r < 2^(53-p)` is masked away.
    ///
    /// With R > L = 53 - p random bits (the default 52) the mask keeps the word's top L bits
    /// only. That decides as all R do: from `2^emin` on, the L fraction bits `D` below the
    /// quantum are all of `|x|` below it, and the bracket rounds away exactly when
    /// `D ≥ (k + 1)·2^(L-R)`, that is `D·2^(R-L) > k`, that is `D > ⌊k·2^(L-R)⌋`: the carry's
    /// decision with the top L bits of `k`.
    @inlinable @inline(__always)
    func round(_ x: SIMD4<Double>, randomWords w: SIMD4<UInt64>) -> SIMD4<Double> {
        round(x, placedBits: w &>> shift)
    }

    /// ``round(_:randomWords:)`` with the words already shifted right by ``shift`` (or their
    /// fields brought to the same place another way): the loops over word groups bring each
    /// field there with one shift.
    @inlinable @inline(__always)
    func round(_ x: SIMD4<Double>, placedBits b: SIMD4<UInt64>) -> SIMD4<Double> {
        let r = ~b & mask
        return unsafeBitCast((unsafeBitCast(x, to: SIMD4<UInt64>.self) &+ r) & keep, to: SIMD4<Double>.self)
    }

    /// Nonzero lanes exactly where ``round(_:randomWords:)`` does not apply: NaN, a magnitude
    /// above the greatest finite value, or a nonzero one below `2^emin`.
    @inlinable @inline(__always)
    func outside(_ x: SIMD4<Double>) -> SIMD4<UInt64> {
        let bits = unsafeBitCast(x, to: SIMD4<UInt64>.self) & ~(1 << 63)
        let a = unsafeBitCast(bits, to: SIMD4<Double>.self)
        // Below 2^emin: the magnitude's bits, nonzero unless it is zero. Above the greatest
        // finite value, or NaN (every comparison false): all ones.
        let below = SIMD4<UInt64>().replacing(with: bits, where: a .< minNormal)
        return below.replacing(with: ~0, where: .!(a .<= maxFinite))
    }
}
