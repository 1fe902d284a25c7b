extension PositFormat {
    /// The format prepared to round in `mode`.
    public func rounder(_ mode: RoundingMode) throws(FormatError) -> PositRounder {
        try PositRounder(format: self, mode: mode)
    }
}
