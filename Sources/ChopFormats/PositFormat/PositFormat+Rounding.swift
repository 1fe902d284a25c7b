extension PositFormat {
    /// The code of the positive real `2^scale · (1 + fraction/2^128)` (plus a little more when
    /// `sticky`), rounded as the standard says: to nearest on the encoding, ties to the even
    /// code, where the tie between two neighbours is the value of the `(n+1)`-bit pattern made
    /// by appending a 1 to the lower one; below minpos gives minpos and above maxpos gives
    /// maxpos, so a real is never rounded to zero or NaR.
    ///
    /// The regime, exponent and fraction are laid out as one bit string, the first `n - 1`
    /// bits are kept, and the next bit with everything after it decides: the same as
    /// comparing with the `(n+1)`-bit tie point, because posit patterns are ordered like
    /// their values.
    ///
    /// `direction` replaces the nearest-even decision by another mode's, on the magnitude
    /// (see ``PositMagnitudeRounding``); the saturation at minpos and maxpos is the same for
    /// every direction.
    @inlinable
    func positiveCode(
        scale: Int, fraction: UInt128, sticky: Bool, direction: PositMagnitudeRounding = .nearestEven
    ) -> UInt64 {
        let maxScale = self.maxScale
        if scale >= maxScale { return (1 << UInt64(bitWidth - 1)) - 1 }  // at or above maxpos
        if scale < -maxScale { return 1 }  // below minpos
        let es = exponentSize
        let k = scale >> es  // floor
        let e = UInt128(scale & ((1 << es) - 1))
        // The regime: k + 1 ones and a zero, or -k zeros and a one.
        let regimeLength = k >= 0 ? k + 2 : 1 - k
        let regime: UInt128 = k >= 0 ? ((UInt128(1) << (k + 1)) - 1) << 1 : 1
        var bits = regime << (128 - regimeLength)
        let exponentEnd = regimeLength + es  // at most 63 + 10
        if es > 0 { bits |= e << (128 - exponentEnd) }
        bits |= fraction >> exponentEnd
        let lost = exponentEnd == 0 ? 0 : fraction & ((UInt128(1) << exponentEnd) - 1)
        let kept = bitWidth - 1
        let body = UInt64(bits >> (128 - kept))
        let roundBit = (bits >> (127 - kept)) & 1 != 0
        let rest = bits & ((UInt128(1) << (127 - kept)) - 1) != 0 || lost != 0 || sticky
        return direction.body(body, roundBit: roundBit, rest: rest)
    }

    /// The code of `value`, rounded to nearest on the encoding: NaN and ±∞ give NaR, ±0 give
    /// zero.
    @inlinable
    public func roundedCode(_ value: Double) -> UInt64 {
        guard value.isFinite else { return notARealCode }
        guard value != 0 else { return 0 }
        guard value.isNormal, let body = positiveCode(normal: value.magnitude) else { return code(of: ExactValue(value)) }
        return value < 0 ? (0 &- body) & mask : body
    }

    /// ``positiveCode(scale:fraction:sticky:)`` for a positive normal double, in 64-bit
    /// arithmetic: the regime and exponent bits, then as many of the 52 fraction bits as fit,
    /// the next one deciding with the rest as sticky. Nil when the regime and exponent alone
    /// exceed 63 bits (the general path takes those).
    @inlinable
    func positiveCode(normal value: Double) -> UInt64? {
        let bits = value.bitPattern
        let scale = Int(bits >> 52) - 1023
        let fraction = bits & 0x000F_FFFF_FFFF_FFFF
        let maxScale = self.maxScale
        if scale >= maxScale { return (1 << UInt64(bitWidth - 1)) - 1 }
        if scale < -maxScale { return 1 }
        let es = exponentSize
        let k = scale >> es
        let regimeLength = k >= 0 ? k + 2 : 1 - k
        let headLength = regimeLength + es
        guard headLength <= 63 else { return nil }
        let regime: UInt64 = k >= 0 ? ((1 << UInt64(k + 1)) - 1) << 1 : 1
        let head = regime << UInt64(es) | UInt64(scale & ((1 << es) - 1))
        let kept = bitWidth - 1
        var body: UInt64
        var roundBit: Bool
        var sticky: Bool
        if headLength > kept {
            // Exponent bits fall off the end: they and the whole fraction decide.
            let cut = UInt64(headLength - kept)
            body = head >> cut
            roundBit = (head >> (cut - 1)) & 1 != 0
            sticky = head & ((1 << (cut - 1)) - 1) != 0 || fraction != 0
        } else {
            let room = kept - headLength  // fraction bits that fit
            if room >= 52 { return head << UInt64(room) | fraction << UInt64(room - 52) }
            let cut = UInt64(52 - room)
            body = head << UInt64(room) | fraction >> cut
            roundBit = (fraction >> (cut - 1)) & 1 != 0
            sticky = fraction & ((1 << (cut - 1)) - 1) != 0
        }
        if roundBit && (sticky || body & 1 != 0) { body += 1 }
        return body
    }

    /// The code of an exact value, rounded to nearest on the encoding.
    @inlinable
    func code(of exact: ExactValue) -> UInt64 {
        code(of: exact, direction: { _ in .nearestEven })
    }

    /// The code of an exact value rounded in a deterministic direction, chosen from the sign.
    @inlinable
    func code(of exact: ExactValue, direction: (_ negative: Bool) -> PositMagnitudeRounding) -> UInt64 {
        if exact.isZero { return 0 }
        let leading = exact.significand.leadingZeroBitCount
        // Drop the hidden bit: the fraction left-aligned in 128 bits.
        let fraction = leading == 127 ? 0 : exact.significand << (leading + 1)
        let body = positiveCode(
            scale: exact.topExponent, fraction: fraction, sticky: exact.sticky, direction: direction(exact.negative))
        return exact.negative ? (0 &- body) & mask : body
    }

    /// The code of `head + tail` (an exact decimal's nearest double and its residual) rounded
    /// in a deterministic `mode`.
    public func roundedCode(head: Double, tail: Double, mode: RoundingMode = .toNearestOrEven) -> UInt64 {
        guard head.isFinite else { return notARealCode }
        if tail == 0 || !tail.isFinite { return roundedCode(head, mode: mode) }
        return code(of: ExactValue.sum(ExactValue(head), ExactValue(tail)), mode: mode, randomWord: 0)
    }

    /// `value` rounded to the posit format: NaN for NaN and ±∞ (NaR), +0 for ±0, ±minpos
    /// below minpos, ±maxpos above maxpos. The result is always a Double (rounding a double
    /// keeps at most its 53 bits).
    @inlinable
    public func round(_ value: Double) -> Double {
        guard value.isNormal else { return valueOfRoundedCode(roundedCode(value)) }
        let bits = value.bitPattern
        let sign = bits & (1 << 63)
        let magnitude = bits & ~(1 << 63)
        let scale = Int(magnitude >> 52) - 1023
        let maxScale = self.maxScale
        if scale >= maxScale { return Double(bitPattern: sign | UInt64(maxScale + 1023) << 52) }
        if scale < -maxScale { return Double(bitPattern: sign | UInt64(1023 - maxScale) << 52) }
        let es = exponentSize
        let k = scale >> es
        // Fraction bits the code holds, after the regime (k + 2 bits, or 1 - k for k < 0:
        // (k ^ (k >> 63)) + 2 either way, without a branch) and the exponent.
        let room = bitWidth - 3 - (k ^ (k >> 63)) - es
        if room >= 52 { return value }
        guard room >= 0 else { return valueOfRoundedCode(roundedCode(value)) }
        // Float rounding of the bit pattern at `room` fraction bits: a carry into the exponent
        // gives 2^(scale+1), which is also the next posit's value. Ties go to the even code,
        // whose last bit is the last fraction bit, or with no fraction bits the last exponent
        // bit (the regime's last bit when es = 0).
        let cut = UInt64(52 - room)
        let low = magnitude & ((1 << cut) - 1)
        let half: UInt64 = 1 << (cut - 1)
        let truncated = magnitude - low
        let lastExponentBit = es > 0 ? UInt64(scale & 1) : UInt64(bitPattern: Int64(k)) >> 63
        let odd = room > 0 ? (truncated >> cut) & 1 : lastExponentBit
        let up = UInt64(truncatingIfNeeded: (low > half ? 1 : 0) | (low == half ? Int(odd) : 0))
        return Double(bitPattern: sign | (truncated + (up << cut)))
    }

    /// Decodes a code produced by rounding a double (whose value is therefore a double).
    @inlinable
    func valueOfRoundedCode(_ code: UInt64) -> Double {
        let (negative, scale, fraction) = fields(of: code)
        guard let scale else { return code == 0 ? 0 : .nan }
        // A normal double: posit scales lie within ±maxScale, at most 992 for n ≤ 64.
        return Double(bitPattern: (negative ? 1 << 63 : 0) | UInt64(scale + 1023) << 52 | fraction >> 12)
    }
}
