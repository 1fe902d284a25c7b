extension Posit: Comparable {
    /// The standard's order: codes as two's complement integers, NaR below every real.
    public static func < (a: Self, b: Self) -> Bool { format.orders(a.bitPattern, before: b.bitPattern) }
}
