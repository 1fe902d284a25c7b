extension FloatFormat {
    /// The format prepared to round in `mode` with its default overflow behaviour.
    public func rounder(_ mode: RoundingMode) throws(FormatError) -> FloatRounder {
        try FloatRounder(format: self, mode: mode)
    }
}
