extension FloatFormat {
    /// `x` rounded to this format in a deterministic `mode`, with the format's default
    /// overflow behaviour.
    ///
    /// ```swift
    /// FloatFormat.e4m3fn.round(464)                // 448: a tie, to the even significand
    /// FloatFormat.e5m2.round(1 - 0x1p-40, .towardZero)   // 0.875
    /// ```
    ///
    /// - Precondition: `mode` is deterministic; stochastic modes need a random source:
    ///   use ``round(_:_:using:)``.
    @inlinable
    public func round(_ x: Double, _ mode: RoundingMode = .toNearestOrEven) -> Double {
        precondition(!mode.isStochastic, "stochastic rounding needs a generator: use round(_:_:using:)")
        return preparedRounder(mode).round(x)
    }

    /// `x` rounded to this format in `mode` (stochastic modes draw one word from
    /// `generator`), with the format's default overflow behaviour.
    @inlinable
    public func round(_ x: Double, _ mode: RoundingMode, using generator: inout some RandomNumberGenerator) -> Double {
        preparedRounder(mode).round(x, using: &generator)
    }

    @inlinable
    func preparedRounder(_ mode: RoundingMode) -> FloatRounder {
        do {
            return try FloatRounder(format: self, mode: mode)
        } catch {
            preconditionFailure("\(error)")
        }
    }
}
