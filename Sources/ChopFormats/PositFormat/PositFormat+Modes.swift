/// Posit rounding in every mode.
///
/// The Posit Standard defines one rounding, to nearest with ties to the even code. This
/// package extends it to every ``RoundingMode`` on the encoding, keeping the standard's rule
/// that a nonzero real never rounds to zero or NaR: below minpos every mode gives ±minpos,
/// above maxpos ±maxpos (see ``PositMagnitudeRounding``). Stochastic rounding picks one of
/// the two neighbouring posits `lower < |x| < upper`: with `.stochastic(randomBits: R)` the
/// one farther from zero with probability `floor(f·2^R)/2^R`, `f = (|x| - lower)/(upper -
/// lower)` measured in value, decided by the word's top `R` bits as the float core decides;
/// with `.stochasticEqual` either with probability 1/2 (by the word's top bit). In every
/// mode posits of the format stay, NaN and ±∞ give NaR, and ±0 gives zero.
extension PositFormat {
    /// The code of `value` rounded in `mode`; stochastic modes read `randomWord`.
    ///
    /// ```swift
    /// PositFormat.posit8.roundedCode(1.0 / 3, mode: .towardZero)   // 0x32: 0.3125
    /// PositFormat.posit8.roundedCode(1e-9, mode: .towardZero)      // 0x01: minpos, never zero
    /// ```
    @inlinable
    public func roundedCode(_ value: Double, mode: RoundingMode, randomWord: UInt64 = 0) -> UInt64 {
        if mode == .toNearestOrEven { return roundedCode(value) }
        guard value.isFinite else { return notARealCode }
        guard value != 0 else { return 0 }
        return code(of: ExactValue(value), mode: mode, randomWord: randomWord)
    }

    /// The code of an exact value rounded in `mode`.
    @inlinable
    func code(of exact: ExactValue, mode: RoundingMode, randomWord: UInt64) -> UInt64 {
        switch mode {
        case .stochastic(let bits): stochasticCode(of: exact, randomBits: min(max(bits, 1), 64), randomWord: randomWord)
        case .stochasticEqual: stochasticCode(of: exact, randomBits: 0, randomWord: randomWord)
        default: code(of: exact) { PositMagnitudeRounding(mode, negative: $0) ?? .nearestEven }
        }
    }

    /// Stochastic rounding of an exact value: `randomBits` 0 means either neighbour with
    /// probability 1/2.
    @usableFromInline
    func stochasticCode(of exact: ExactValue, randomBits: Int, randomWord: UInt64) -> UInt64 {
        if exact.isZero { return 0 }
        var magnitude = exact
        magnitude.negative = false
        let top = magnitude.topExponent
        if top >= maxScale || top < -maxScale { return code(of: exact) }  // ±maxpos, ±minpos
        let lower = code(of: magnitude) { _ in .towardZero }
        var body = lower
        if let low = exactValue(ofCode: lower), !low.sameValue(as: magnitude) {
            let away: Bool
            if randomBits == 0 {
                away = randomWord >> 63 != 0
            } else {
                away = randomWord >> UInt64(64 - randomBits) < scaledFraction(magnitude, lower: lower, bits: randomBits)
            }
            if away { body = lower + 1 }
        }
        return exact.negative ? (0 &- body) & mask : body
    }

    /// `floor(f·2^bits)` with `f = (x - lower)/(upper - lower)` for a positive `x` strictly
    /// between the posits of codes `lower` and `lower + 1`, in integers: both posits are
    /// integer multiples `L` and `H` of the finer of their last places `2^u`, so
    /// `f·2^bits = (x·2^(bits-u) - L·2^bits) / (H - L)`, and the floor of `x·2^(bits-u)` may
    /// be taken first (nested floors). Exact whenever `H·2^bits` fits 127 bits, which holds
    /// for every format with `es ≤ 6`; wider gaps (`es ≥ 7`, only at `n ≤ 9`) compute `f` in
    /// binary64.
    @usableFromInline
    func scaledFraction(_ x: ExactValue, lower: UInt64, bits: Int) -> UInt64 {
        let low = exactValue(ofCode: lower)!
        let high = exactValue(ofCode: lower + 1)!
        let unit = min(
            low.exponent + low.significand.trailingZeroBitCount, high.exponent + high.significand.trailingZeroBitCount)
        guard high.topExponent - unit + 1 + bits <= 127 else {
            let (l, h) = (nearestDouble(ofCode: lower), nearestDouble(ofCode: lower + 1))
            let xDouble = Double(sign: .plus, exponent: x.exponent, significand: Double(x.significand))
            return UInt64(((xDouble - l) / (h - l) * Double(sign: .plus, exponent: bits, significand: 1)).rounded(.down))
        }
        let lowUnits = low.significand >> (unit - low.exponent)
        let highUnits = high.significand >> (unit - high.exponent)
        let shift = x.exponent - unit + bits
        let scaled = shift >= 0 ? x.significand << shift : (-shift >= 128 ? 0 : x.significand >> -shift)
        return UInt64((scaled - lowUnits << bits) / (highUnits - lowUnits))
    }

    /// Rounds every element in place in `mode`: in stochastic modes element `i` uses
    /// `RandomStream(seed:).word(at: firstIndex + i, bits: mode.randomBitsPerElement)`, so any
    /// thread count and chunking give the same bits; deterministic modes ignore `seed`.
    public func round(
        _ values: UnsafeMutableBufferPointer<Double>, mode: RoundingMode, seed: UInt64 = 0, firstIndex: Int = 0,
        threads: Int = Parallelism.automatic
    ) {
        guard mode != .toNearestOrEven else { return round(values, threads: threads) }
        let pointer = DisjointPointer(values.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
        let stream = RandomStream(seed: seed)
        let isStochastic = mode.isStochastic
        let bits = mode.randomBitsPerElement
        forEachChunk(count: values.count, threads: Parallelism.threads(threads, elements: values.count)) { range in
            for i in range {
                let word = isStochastic ? stream.word(at: UInt64(firstIndex + i), bits: bits) : 0
                pointer.base[i] = valueOfRoundedCode(roundedCode(pointer.base[i], mode: mode, randomWord: word))
            }
        }
    }
}
