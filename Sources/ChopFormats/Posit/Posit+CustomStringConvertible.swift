extension Posit: CustomStringConvertible {
    /// `NaR`, or the value as the shortest decimal of its nearest double.
    public var description: String { isNaR ? "NaR" : "\(doubleValue)" }
}
