extension FloatFormat: Hashable {
    /// Formats are equal when their numbers and encodings are, whatever their names.
    @inlinable
    public static func == (lhs: FloatFormat, rhs: FloatFormat) -> Bool {
        lhs.precision == rhs.precision && lhs.minExponent == rhs.minExponent
            && lhs.maxExponent == rhs.maxExponent && lhs.hasSubnormals == rhs.hasSubnormals
            && lhs.specialValues == rhs.specialValues && lhs.exponentBitCount == rhs.exponentBitCount
            && lhs.exponentBias == rhs.exponentBias
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(precision)
        hasher.combine(minExponent)
        hasher.combine(maxExponent)
        hasher.combine(hasSubnormals)
        hasher.combine(specialValues)
        hasher.combine(exponentBitCount)
        hasher.combine(exponentBias)
    }
}
