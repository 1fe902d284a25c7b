import ChopFormats

extension IntegerFormat {
    /// The format prepared to quantize in `mode` with one scale for the whole tensor.
    public func rounder(_ mode: RoundingMode) throws(FormatError) -> IntegerQuantizer {
        do {
            return try IntegerQuantizer(format: self, mode: mode)
        } catch {
            throw .invalidRoundingMode(error.description)
        }
    }
}
