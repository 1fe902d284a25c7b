extension PositFormat: Hashable {
    /// Formats are equal when their widths and exponent sizes are, whatever their names (as
    /// ``FloatFormat`` compares numbers, not names).
    public static func == (lhs: PositFormat, rhs: PositFormat) -> Bool {
        lhs.bitWidth == rhs.bitWidth && lhs.exponentSize == rhs.exponentSize
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(bitWidth)
        hasher.combine(exponentSize)
    }
}
