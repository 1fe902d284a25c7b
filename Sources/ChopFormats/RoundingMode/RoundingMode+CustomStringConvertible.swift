extension RoundingMode: CustomStringConvertible {
    /// The contract name, with the random bits of limited-precision stochastic rounding:
    /// `stochastic(8 bits)`.
    public var description: String {
        if case .stochastic(let bits) = self, bits != Self.maxRandomBits {
            return "stochastic(\(bits) bits)"
        }
        return name
    }
}
