/// An exact real number, `±significand × 2^exponent`, plus a sticky bit for "and a little
/// more, less than one unit of the significand's last place": the result of an arithmetic
/// operation on doubles before it is rounded.
///
/// Sums, products, fused multiply-adds, quotients and square roots of doubles are built here
/// with integer arithmetic, exactly (with the sticky bit where the exact result has more
/// bits than 128), so that an emulated operation is rounded once, from its exact value,
/// whatever its magnitude (products and quotients may leave binary64's range).
///
/// Invariant: a value with the sticky bit set has a significand of at least 2^120, so the
/// sticky bit stands more than 64 bits below any format's rounding position.
@frozen @usableFromInline
struct ExactValue: Sendable {
    @usableFromInline var negative: Bool
    @usableFromInline var significand: UInt128
    @usableFromInline var exponent: Int
    @usableFromInline var sticky: Bool

    @inlinable
    init(negative: Bool, significand: UInt128, exponent: Int, sticky: Bool = false) {
        self.negative = negative
        self.significand = significand
        self.exponent = exponent
        self.sticky = sticky
    }

    /// The exact value of a finite double.
    @inlinable
    init(_ x: Double) {
        let bits = x.bitPattern
        let field = Int((bits >> 52) & 0x7FF)
        let stored = bits & 0x000F_FFFF_FFFF_FFFF
        negative = bits >> 63 != 0
        significand = UInt128(field == 0 ? stored : stored | 1 << 52)
        exponent = (field == 0 ? -1022 : field - 1023) - 52
        sticky = false
    }

    @inlinable var isZero: Bool { significand == 0 && !sticky }

    /// The position of the most significant bit: the value lies in
    /// `[2^topExponent, 2^(topExponent+1))`.
    @inlinable var topExponent: Int { exponent + 127 - significand.leadingZeroBitCount }

    /// The value with its significand shifted left so that it has `bits` bits (no change in
    /// value).
    @inlinable
    func widened(to bits: Int) -> ExactValue {
        let shift = bits - (128 - significand.leadingZeroBitCount)
        guard shift > 0, significand != 0 else { return self }
        return ExactValue(negative: negative, significand: significand << shift, exponent: exponent - shift, sticky: sticky)
    }
}

extension ExactValue {
    /// `x + y` for exact values without sticky bits. A result whose low bits would be lost
    /// keeps them as the sticky bit (the smaller operand contributes less than one unit of
    /// the larger's 125-bit significand then). A zero result is +0; the caller applies IEEE's
    /// sign rules for zero sums.
    @inlinable
    static func sum(_ x: ExactValue, _ y: ExactValue) -> ExactValue {
        if y.significand == 0 { return x }
        if x.significand == 0 { return y }
        // The larger in magnitude first.
        var (big, small) = (x, y)
        if y.topExponent > x.topExponent
            || (y.topExponent == x.topExponent && y.widened(to: 125).significand > x.widened(to: 125).significand)
        {
            (big, small) = (y, x)
        }
        big = big.widened(to: 125)
        let shift = big.exponent - small.exponent  // how far right the small one moves
        var aligned: UInt128
        var lost = false
        if shift <= 0 {
            // The small operand's bits all lie at or above the big one's last place.
            aligned = small.significand << -shift
        } else if shift < 128 {
            aligned = small.significand >> shift
            lost = small.significand & ((UInt128(1) << shift) - 1) != 0
        } else {
            aligned = 0
            lost = true
        }
        var result = big
        if big.negative == small.negative {
            result.significand = big.significand + aligned
        } else {
            // Subtracting a truncated amount: borrow one unit when bits were cut off.
            result.significand = big.significand - aligned - (lost ? 1 : 0)
        }
        result.sticky = lost
        if result.significand == 0 && !lost { result.negative = false }
        return result
    }

    /// The exact product of two finite doubles (106 significand bits at most).
    @inlinable
    static func product(_ a: Double, _ b: Double) -> ExactValue {
        let x = ExactValue(a)
        let y = ExactValue(b)
        return ExactValue(
            negative: x.negative != y.negative, significand: x.significand * y.significand,
            exponent: x.exponent + y.exponent)
    }

    /// The quotient of two finite doubles, `b` nonzero: 127 bits by long division in two
    /// steps, and the sticky bit from the remainder.
    @inlinable
    static func quotient(_ a: Double, _ b: Double) -> ExactValue {
        let x = ExactValue(a).widened(to: 53)
        let y = ExactValue(b).widened(to: 53)
        // (x·2^74) / y has 74 bits (x ≥ 2^52, y < 2^53); the remainder, below y, brings down
        // 53 more bits.
        let (high, remainder) = (x.significand << 74).quotientAndRemainder(dividingBy: y.significand)
        let (low, last) = (remainder << 53).quotientAndRemainder(dividingBy: y.significand)
        return ExactValue(
            negative: x.negative != y.negative, significand: high << 53 | low,
            exponent: x.exponent - 127 - y.exponent, sticky: last != 0)
    }

    /// The square root of a finite positive double: about 126 bits, exact, and the sticky bit.
    @inlinable
    static func squareRoot(_ a: Double) -> ExactValue {
        var x = ExactValue(a).widened(to: 53)
        // A radicand of 126 or 127 bits with an even exponent.
        var shift = 73
        if (x.exponent - shift) & 1 != 0 { shift += 1 }
        let radicand = x.significand << shift
        x.exponent -= shift
        // 64 bits of the root, then 62 more: the root of radicand·2^124, r·2^62 plus the
        // Newton step (radicand - r²)·2^62 / (2r), corrected to the exact floor with the full
        // 256-bit square.
        let root = integerSquareRoot(radicand)
        let rest = radicand - root * root
        var candidate = root << 62 + (rest << 61) / root
        let target = (high: radicand >> 4, low: radicand << 124)  // radicand·2^124 as 256 bits
        func compare(_ r: UInt128) -> Int {
            let square = r.multipliedFullWidth(by: r)
            if square.high != target.high { return square.high < target.high ? -1 : 1 }
            return square.low == target.low ? 0 : square.low < target.low ? -1 : 1
        }
        while compare(candidate) > 0 { candidate -= 1 }
        while compare(candidate + 1) <= 0 { candidate += 1 }
        return ExactValue(
            negative: false, significand: candidate, exponent: (x.exponent - 124) / 2, sticky: compare(candidate) != 0)
    }

    /// `floor(sqrt(n))` for a 128-bit integer, by Newton's method from above.
    @inlinable
    static func integerSquareRoot(_ n: UInt128) -> UInt128 {
        if n < 2 { return n }
        // Start above the root: 2^ceil(bits/2).
        var x = UInt128(1) << ((128 - n.leadingZeroBitCount + 1) / 2)
        while true {
            let next = (x + n / x) >> 1
            if next >= x { return x }
            x = next
        }
    }
}
