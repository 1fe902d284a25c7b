extension PositFormat {
    /// The distance from `reference` to `value` along the encoding: when both are posits, the
    /// number of codes between them plus one (posit codes are ordered like their values, so
    /// neighbours are 1 apart); otherwise `|value - reference|` over the gap between the two
    /// posits around `reference` (the gap below maxpos at and beyond it). NaN and ±∞ stand for
    /// NaR: two of them are 0 apart, one against a real infinitely far.
    ///
    /// ```swift
    /// PositFormat.posit8.ulpDistance(1.125, from: 1)     // 1
    /// PositFormat.posit8.ulpDistance(1.0625, from: 1)    // 0.5
    /// ```
    public func ulpDistance(_ value: Double, from reference: Double) -> Double {
        if !value.isFinite || !reference.isFinite { return !value.isFinite && !reference.isFinite ? 0 : .infinity }
        if let a = try? encode(value), let b = try? encode(reference) {
            return Double((signedCode(a) - signedCode(b)).magnitude)
        }
        return (value - reference).magnitude / gap(at: reference)
    }

    /// The distance between the two posits around `x` (for a posit, between it and the next
    /// one away from zero; at and beyond maxpos, between maxpos and the posit below it).
    func gap(at x: Double) -> Double {
        let maxCode = notARealCode - 1
        let lower = min(roundedCode(x.magnitude, mode: .towardZero), maxCode - 1)
        return nearestDouble(ofCode: lower + 1) - nearestDouble(ofCode: lower)
    }
}
