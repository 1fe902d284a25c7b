import ChopFormats

extension BlockFormat {
    /// The format prepared to quantize in `mode`, blocks along the last axis.
    public func rounder(_ mode: RoundingMode) throws(FormatError) -> BlockRounder {
        do {
            return try BlockRounder(format: self, mode: mode)
        } catch {
            throw .invalidRoundingMode(error.description)
        }
    }
}
