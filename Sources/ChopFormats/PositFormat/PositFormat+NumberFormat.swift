extension PositFormat: NumberFormat {
    public var hasInfinity: Bool { false }
    /// NaR plays NaN's part.
    public var hasNaN: Bool { true }
    public var hasNegativeZero: Bool { false }

    /// `x` rounded to nearest on the encoding (the standard's only rounding); other modes are
    /// not defined for posits here.
    ///
    /// - Precondition: `mode` is `.toNearestOrEven`.
    public func round(_ x: Double, _ mode: RoundingMode) -> Double {
        precondition(mode == .toNearestOrEven, "posits round to nearest-even on the encoding")
        return round(x)
    }
}

extension PositFormat: CustomStringConvertible {
    public var description: String { name }
}
