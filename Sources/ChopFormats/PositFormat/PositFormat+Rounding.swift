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
    @inlinable
    func positiveCode(scale: Int, fraction: UInt128, sticky: Bool) -> UInt64 {
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
        var body = UInt64(bits >> (128 - kept))
        let roundBit = (bits >> (127 - kept)) & 1 != 0
        let rest = bits & ((UInt128(1) << (127 - kept)) - 1) != 0 || lost != 0 || sticky
        if roundBit && (rest || body & 1 != 0) { body += 1 }
        return body
    }

    /// The code of `value`, rounded to nearest on the encoding: NaN and ±∞ give NaR, ±0 give
    /// zero.
    @inlinable
    public func roundedCode(_ value: Double) -> UInt64 {
        guard value.isFinite else { return notARealCode }
        guard value != 0 else { return 0 }
        return code(of: ExactValue(value))
    }

    /// The code of an exact value, rounded to nearest on the encoding.
    @inlinable
    func code(of exact: ExactValue) -> UInt64 {
        if exact.isZero { return 0 }
        let leading = exact.significand.leadingZeroBitCount
        // Drop the hidden bit: the fraction left-aligned in 128 bits.
        let fraction = leading == 127 ? 0 : exact.significand << (leading + 1)
        let body = positiveCode(scale: exact.topExponent, fraction: fraction, sticky: exact.sticky)
        return exact.negative ? (0 &- body) & mask : body
    }

    /// The code of `head + tail` (an exact decimal's nearest double and its residual).
    public func roundedCode(head: Double, tail: Double) -> UInt64 {
        guard head.isFinite else { return notARealCode }
        if tail == 0 || !tail.isFinite { return roundedCode(head) }
        return code(of: ExactValue.sum(ExactValue(head), ExactValue(tail)))
    }

    /// `value` rounded to the posit format: NaN for NaN and ±∞ (NaR), +0 for ±0, ±minpos
    /// below minpos, ±maxpos above maxpos. The result is always a Double (rounding a double
    /// keeps at most its 53 bits).
    @inlinable
    public func round(_ value: Double) -> Double { valueOfRoundedCode(roundedCode(value)) }

    /// Decodes a code produced by rounding a double (whose value is therefore a double).
    @inlinable
    func valueOfRoundedCode(_ code: UInt64) -> Double {
        let (negative, scale, fraction) = fields(of: code)
        guard let scale else { return code == 0 ? 0 : .nan }
        let significand = 1 + Double(fraction >> 12) * 0x1p-52
        let magnitude = Double(sign: .plus, exponent: scale, significand: significand)
        return negative ? -magnitude : magnitude
    }

    /// Rounds every element in place (NaN for NaN and ±∞; never to zero or NaR otherwise).
    public func round(_ values: UnsafeMutableBufferPointer<Double>, threads: Int = 1) {
        let pointer = DisjointPointer(values.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
        forEachChunk(count: values.count, threads: threads) { range in
            for i in range { pointer.base[i] = round(pointer.base[i]) }
        }
    }
}
