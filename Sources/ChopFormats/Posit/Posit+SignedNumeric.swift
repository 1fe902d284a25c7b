extension Posit: SignedNumeric {
    public static var zero: Self { Self(bitPattern: 0) }

    public static func + (a: Self, b: Self) -> Self { rounding { format.sum(a.bitPattern, b.bitPattern, mode: $0, randomWord: $1) } }
    public static func - (a: Self, b: Self) -> Self {
        rounding { format.difference(a.bitPattern, b.bitPattern, mode: $0, randomWord: $1) }
    }
    public static func * (a: Self, b: Self) -> Self { rounding { format.product(a.bitPattern, b.bitPattern, mode: $0, randomWord: $1) } }
    public static func / (a: Self, b: Self) -> Self { rounding { format.quotient(a.bitPattern, b.bitPattern, mode: $0, randomWord: $1) } }

    public static func += (a: inout Self, b: Self) { a = a + b }
    public static func -= (a: inout Self, b: Self) { a = a - b }
    public static func *= (a: inout Self, b: Self) { a = a * b }
    public static func /= (a: inout Self, b: Self) { a = a / b }

    public static prefix func - (a: Self) -> Self { Self(bitPattern: format.negation(a.bitPattern)) }
    public mutating func negate() { self = -self }

    /// The absolute value (NaR stays NaR).
    public var magnitude: Self { self < .zero && !isNaR ? -self : self }

    /// The posit equal to `source`, or nil when rounding would change it.
    public init?<Source: BinaryInteger>(exactly source: Source) {
        let rounded = Self(source)
        guard let exact = Self.format.exactValue(ofCode: rounded.bitPattern),
            exact.isZero ? source == 0 : ExactValue(integer: source).sameValue(as: exact)
        else { return nil }
        self = rounded
    }
}
