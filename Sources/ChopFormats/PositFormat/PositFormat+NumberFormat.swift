extension PositFormat: ScalarFormat {
    public var family: FormatFamily { .posit }
    public var hasInfinity: Bool { false }
    /// NaR plays NaN's part.
    public var hasNaN: Bool { true }
    public var hasNegativeZero: Bool { false }

    /// `x` rounded to the format in a deterministic `mode` (nearest-even is the standard's
    /// rounding; the others are this package's extension: see ``roundedCode(_:mode:randomWord:)``).
    ///
    /// ```swift
    /// PositFormat.posit16.round(1.0 / 3, .towardZero)   // 0.333251953125, just below 1/3
    /// ```
    ///
    /// - Precondition: `mode` is deterministic; stochastic modes need a random source: use
    ///   ``round(_:_:using:)``.
    @inlinable
    public func round(_ x: Double, _ mode: RoundingMode) -> Double {
        precondition(!mode.isStochastic, "stochastic rounding needs a generator: use round(_:_:using:)")
        return mode == .toNearestOrEven ? round(x) : valueOfRoundedCode(roundedCode(x, mode: mode))
    }

    /// `x` rounded to the format in `mode`; stochastic modes draw one word from `generator`.
    @inlinable
    public func round(_ x: Double, _ mode: RoundingMode, using generator: inout some RandomNumberGenerator) -> Double {
        valueOfRoundedCode(roundedCode(x, mode: mode, randomWord: mode.isStochastic ? generator.next() : 0))
    }
}
