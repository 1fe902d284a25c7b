extension FloatFormat {
    /// `x` rounded to this format in a deterministic `mode`, with the format's default
    /// overflow behaviour. The format carries its rounding plan, so a call builds nothing.
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
        return defaultPlan.unsafelyUnwrapped.withKernel(mode: mode, ScalarVisitor(value: x, randomWord: 0))
    }

    /// `x` rounded to this format in `mode` (stochastic modes draw one word from
    /// `generator`), with the format's default overflow behaviour.
    ///
    /// - Precondition: a stochastic mode's random bits are within 1...52.
    @inlinable
    public func round(_ x: Double, _ mode: RoundingMode, using generator: inout some RandomNumberGenerator) -> Double {
        guard mode.isStochastic else { return round(x, mode) }
        do {
            try mode.validate()
        } catch {
            preconditionFailure("\(error)")
        }
        return defaultPlan.unsafelyUnwrapped.with(mode: mode)
            .withKernel(mode: mode, ScalarVisitor(value: x, randomWord: generator.next()))
    }

    /// This format's rounder in a valid `mode` with the default overflow behaviour.
    @inlinable
    func preparedRounder(_ mode: RoundingMode) -> FloatRounder {
        do {
            return try FloatRounder(format: self, mode: mode)
        } catch {
            preconditionFailure("\(error)")
        }
    }
}
