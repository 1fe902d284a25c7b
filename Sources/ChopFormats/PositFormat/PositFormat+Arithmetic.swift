extension PositFormat {
    /// The exact value of a code, nil for NaR.
    @inlinable
    func exactValue(ofCode code: UInt64) -> ExactValue? {
        let (negative, scale, fraction) = fields(of: code)
        guard let scale else { return code & mask == 0 ? ExactValue(negative: false, significand: 0, exponent: 0) : nil }
        // 1.fraction in 62 bits (a posit holds at most 61 fraction bits, so the 3 dropped
        // bits are zero): products stay within the 125 bits that exact sums allow.
        let significand = (UInt128(1) << 64 | UInt128(fraction)) >> 3
        return ExactValue(negative: negative, significand: significand, exponent: scale - 61)
    }

    /// `a + b`, rounded once in `mode` (stochastic modes read `randomWord`); NaR if either is
    /// NaR.
    public func sum(_ a: UInt64, _ b: UInt64, mode: RoundingMode = .toNearestOrEven, randomWord: UInt64 = 0) -> UInt64 {
        guard let x = exactValue(ofCode: a), let y = exactValue(ofCode: b) else { return notARealCode }
        return code(of: ExactValue.sum(x, y), mode: mode, randomWord: randomWord)
    }

    /// `a - b`, rounded once in `mode`; NaR if either is NaR.
    public func difference(
        _ a: UInt64, _ b: UInt64, mode: RoundingMode = .toNearestOrEven, randomWord: UInt64 = 0
    ) -> UInt64 {
        sum(a, negation(b), mode: mode, randomWord: randomWord)
    }

    /// `-a` (NaR and zero are their own negations).
    public func negation(_ a: UInt64) -> UInt64 { (0 &- a) & mask }

    /// `a · b`, rounded once in `mode`; NaR if either is NaR.
    public func product(_ a: UInt64, _ b: UInt64, mode: RoundingMode = .toNearestOrEven, randomWord: UInt64 = 0) -> UInt64 {
        guard let x = exactValue(ofCode: a), let y = exactValue(ofCode: b) else { return notARealCode }
        return code(of: ExactValue.product(x, y), mode: mode, randomWord: randomWord)
    }

    /// `a / b`, rounded once in `mode`; NaR if either is NaR or `b` is zero.
    public func quotient(_ a: UInt64, _ b: UInt64, mode: RoundingMode = .toNearestOrEven, randomWord: UInt64 = 0) -> UInt64 {
        guard let x = exactValue(ofCode: a), let y = exactValue(ofCode: b), !y.isZero else { return notARealCode }
        return x.isZero ? 0 : code(of: ExactValue.quotient(x, y), mode: mode, randomWord: randomWord)
    }

    /// `√a`, rounded once in `mode`; NaR for NaR and negative `a`.
    public func squareRoot(_ a: UInt64, mode: RoundingMode = .toNearestOrEven, randomWord: UInt64 = 0) -> UInt64 {
        guard let x = exactValue(ofCode: a), !x.negative || x.isZero else { return notARealCode }
        return x.isZero ? 0 : code(of: ExactValue.squareRoot(x), mode: mode, randomWord: randomWord)
    }

    /// `a · b + c` with one rounding in `mode`; NaR if any is NaR.
    public func fusedMultiplyAdd(
        _ a: UInt64, _ b: UInt64, _ c: UInt64, mode: RoundingMode = .toNearestOrEven, randomWord: UInt64 = 0
    ) -> UInt64 {
        guard let x = exactValue(ofCode: a), let y = exactValue(ofCode: b), let z = exactValue(ofCode: c) else {
            return notARealCode
        }
        return code(of: ExactValue.sum(ExactValue.product(x, y), z), mode: mode, randomWord: randomWord)
    }

    /// The value of a code as the nearest double (exact except for `posit64` values of more than 53 bits, which round to
    /// nearest-even once).
    public func nearestDouble(ofCode code: UInt64) -> Double {
        guard let x = exactValue(ofCode: code) else { return .nan }
        if x.isZero { return 0 }
        let magnitude = Double(UInt64(x.significand)) * Double(sign: .plus, exponent: x.exponent, significand: 1)
        return x.negative ? -magnitude : magnitude
    }

    /// Whether code `a` orders before code `b`: the patterns compared as `n`-bit two's
    /// complement integers, which puts NaR below every real (the standard's total order).
    public func orders(_ a: UInt64, before b: UInt64) -> Bool { signedCode(a) < signedCode(b) }

    /// A code as an `n`-bit two's complement integer.
    @inlinable
    func signedCode(_ code: UInt64) -> Int64 { Int64(bitPattern: code << UInt64(64 - bitWidth)) >> Int64(64 - bitWidth) }
}
