extension ExactValue {
    /// The exact product of two values without sticky bits whose significands have at most
    /// 64 bits (128 bits at most).
    @inlinable
    static func product(_ x: ExactValue, _ y: ExactValue) -> ExactValue {
        ExactValue(
            negative: x.negative != y.negative, significand: x.significand * y.significand,
            exponent: x.exponent + y.exponent)
    }

    /// `x / y` for values without sticky bits whose significands have at most 64 bits, `y`
    /// nonzero: a 64-bit quotient (at least 63 significant bits) and the sticky bit from the
    /// remainder, enough for any format of at most 62 significant bits.
    @inlinable
    static func quotient(_ x: ExactValue, _ y: ExactValue) -> ExactValue {
        let a = x.widened(to: 64)
        let b = y.widened(to: 64)
        let (q, r) = (a.significand << 64).quotientAndRemainder(dividingBy: b.significand)
        return ExactValue(
            negative: x.negative != y.negative, significand: q, exponent: a.exponent - 64 - b.exponent, sticky: r != 0)
    }

    /// The square root of a positive value without a sticky bit whose significand has at most
    /// 64 bits: a 63- or 64-bit root and the sticky bit.
    @inlinable
    static func squareRoot(_ x: ExactValue) -> ExactValue {
        var a = x.widened(to: 64)
        var shift = 63
        if (a.exponent - shift) & 1 != 0 { shift += 1 }
        let radicand = a.significand << shift
        a.exponent -= shift
        let root = integerSquareRoot(radicand)
        return ExactValue(negative: false, significand: root, exponent: a.exponent / 2, sticky: root * root != radicand)
    }
}

extension ExactValue {
    /// Whether two values without sticky bits are equal (whatever their normalization).
    @inlinable
    func sameValue(as other: ExactValue) -> Bool {
        if isZero || other.isZero { return isZero && other.isZero }
        guard negative == other.negative, !sticky, !other.sticky, topExponent == other.topExponent else { return false }
        let a = widened(to: 128), b = other.widened(to: 128)
        return a.significand == b.significand
    }
}
