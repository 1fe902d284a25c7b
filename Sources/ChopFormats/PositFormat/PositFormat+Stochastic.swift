extension PositFormat {
    /// `value` rounded stochastically to one of its two neighbouring posits (an extension of
    /// the standard): with `.stochastic(randomBits: R)` the one farther from zero with
    /// probability `floor(f·2^R)/2^R`, `f = (|x| - lower)/(upper - lower)` measured in value,
    /// decided by the word's top `R` bits as the float core decides; with `.stochasticEqual`
    /// either with probability 1/2 (by the word's top bit). Posits of the format stay; NaN and
    /// ±∞ give NaR, ±0 zero, magnitudes at or beyond maxpos maxpos and at or below minpos
    /// minpos (never zero). Other modes round to nearest-even.
    public func roundedCode(_ value: Double, mode: RoundingMode, randomWord: UInt64) -> UInt64 {
        let randomBits: Int
        switch mode {
        case .stochastic(let bits): randomBits = min(max(bits, 1), 64)
        case .stochasticEqual: randomBits = 0
        default: return roundedCode(value)
        }
        guard value.isFinite else { return notARealCode }
        guard value != 0 else { return 0 }
        let magnitude = value.magnitude
        if magnitude >= greatestFiniteMagnitude || magnitude <= leastNonzeroMagnitude {
            return roundedCode(value)  // ±maxpos, ±minpos
        }
        let exact = ExactValue(magnitude)
        let leading = exact.significand.leadingZeroBitCount
        let fraction = leading == 127 ? 0 : exact.significand << (leading + 1)
        let lower = positiveCode(scale: exact.topExponent, fraction: fraction, sticky: false, truncating: true)
        let low = valueOfRoundedCode(lower)
        var body = lower
        if low != magnitude {
            // f = (x - low)/(high - low); both differences are exact in binary64 (low is x
            // with bits cleared, high is low plus one quantum or the next power of two).
            let high = valueOfRoundedCode(lower + 1)
            let away: Bool
            if randomBits == 0 {
                away = randomWord >> 63 != 0
            } else {
                away = randomWord >> UInt64(64 - randomBits) < Self.scaledFraction(magnitude - low, of: high - low, bits: randomBits)
            }
            if away { body = lower + 1 }
        }
        return value < 0 ? (0 &- body) & mask : body
    }

    /// `floor(d/g · 2^bits)` for positive doubles `d < g`, exactly.
    static func scaledFraction(_ d: Double, of g: Double, bits: Int) -> UInt64 {
        let (dSignificand, dExponent) = (UInt128(d.significandBitPattern | 1 << 52), Int(d.exponent) - 52)
        let (gSignificand, gExponent) = (UInt128(g.significandBitPattern | 1 << 52), Int(g.exponent) - 52)
        let shift = dExponent - gExponent + bits  // d·2^bits/g = dSig·2^shift/gSig
        let numerator = shift >= 0 ? dSignificand << shift : dSignificand >> min(-shift, 127)
        return UInt64(numerator / gSignificand)  // nested floors: floor(floor(a/2^k)/g) = floor(a/(2^k·g))
    }

    /// Rounds every element in place in `mode`: element `i` uses word `firstIndex + i` of
    /// `RandomStream(seed:)`, so any thread count and chunking give the same bits.
    public func round(
        _ values: UnsafeMutableBufferPointer<Double>, mode: RoundingMode, seed: UInt64, firstIndex: Int = 0, threads: Int = Parallelism.automatic
    ) {
        guard mode.isStochastic else { return round(values, threads: threads) }
        let pointer = DisjointPointer(values.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
        let stream = RandomStream(seed: seed)
        forEachChunk(count: values.count, threads: Parallelism.threads(threads, elements: values.count)) { range in
            for i in range {
                let word = stream.word(at: UInt64(firstIndex + i))
                pointer.base[i] = valueOfRoundedCode(roundedCode(pointer.base[i], mode: mode, randomWord: word))
            }
        }
    }
}
