extension Posit: Comparable {
    /// The standard's order: codes as two's complement integers, NaR below every real.
    public static func < (a: Self, b: Self) -> Bool { format.orders(a.bitPattern, before: b.bitPattern) }
}

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

extension Posit: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
    public init(floatLiteral value: Double) { self.init(value) }
}

extension Posit: CustomStringConvertible {
    /// `NaR`, or the value as the shortest decimal of its nearest double.
    public var description: String { isNaR ? "NaR" : "\(doubleValue)" }
}

/// Posit Standard 2022 formats.
public enum Posit8Format: PositFormatType { public static let format = PositFormat.posit8 }
public enum Posit16Format: PositFormatType { public static let format = PositFormat.posit16 }
public enum Posit32Format: PositFormatType { public static let format = PositFormat.posit32 }
public enum Posit64Format: PositFormatType { public static let format = PositFormat.posit64 }

public typealias Posit8 = Posit<Posit8Format>
public typealias Posit16 = Posit<Posit16Format>
public typealias Posit32 = Posit<Posit32Format>
public typealias Posit64 = Posit<Posit64Format>
