import Synchronization

/// The phantom type naming a ``Posit``'s format.
///
/// ```swift
/// enum Posit12ES1: PositFormatType { static let format = try! PositFormat(bitWidth: 12, exponentSize: 1) }
/// typealias Posit12 = Posit<Posit12ES1>
/// ```
public protocol PositFormatType: Sendable {
    static var format: PositFormat { get }
}

/// A posit number with the standard's arithmetic: every operation is its exact result
/// rounded once to the format (round to nearest on the encoding, never to zero or NaR), or
/// in the mode of the current ``RoundingContext`` (this package's extension of the standard:
/// see ``PositFormat/roundedCode(_:mode:randomWord:)``). Conversions and literals always
/// round to nearest, and the fused operations (the quire) round once to nearest.
///
/// ```swift
/// let x: Posit16 = 1.0 / 3                 // 0.333374…
/// let y = (x * 3).squareRoot()             // each step rounded once
/// Posit16.fusedDotProduct(a, b)            // exact accumulation (the quire), rounded once
/// ```
///
/// Stored as its code, so `posit64` values of more than 53 bits are kept exactly. NaR (not
/// a real) is equal to itself and below every real, as the standard orders them; any
/// operation with NaR, a division by zero, or the root of a negative gives NaR.
@frozen
public struct Posit<Format: PositFormatType>: Sendable, Hashable {
    /// The code: `n` bits, two's complement.
    public let bitPattern: UInt64

    /// The posit with this code (bits above `n` are ignored).
    @inlinable
    public init(bitPattern: UInt64) {
        let width = Format.format.bitWidth
        self.bitPattern = width == 64 ? bitPattern : bitPattern & ((1 << UInt64(width)) - 1)
    }

    /// `value` rounded to the format: NaR for NaN and ±∞.
    @inlinable
    public init(_ value: Double) { self.init(bitPattern: Format.format.roundedCode(value)) }

    /// A posit of another format, rounded once from its exact value.
    public init<Other>(_ other: Posit<Other>) {
        guard let exact = Other.format.exactValue(ofCode: other.bitPattern) else {
            self = .notAReal
            return
        }
        self.init(bitPattern: Format.format.code(of: exact))
    }

    /// An integer rounded once from its exact value (not through a Double).
    public init<Integer: BinaryInteger>(_ integer: Integer) {
        self.init(bitPattern: integer == 0 ? 0 : Format.format.code(of: ExactValue(integer: integer)))
    }

    public static var format: PositFormat { Format.format }

    /// NaR, `10…0`.
    public static var notAReal: Self { Self(bitPattern: format.notARealCode) }
    public static var greatestFiniteMagnitude: Self { Self(bitPattern: (format.notARealCode) - 1) }
    public static var leastNonzeroMagnitude: Self { Self(bitPattern: 1) }

    public var isNaR: Bool { bitPattern == Self.format.notARealCode }

    /// The value as the nearest double (exact unless a `posit64` value has more than 53 bits).
    public var doubleValue: Double { Self.format.nearestDouble(ofCode: bitPattern) }

    /// Rounded once: `√self`.
    public func squareRoot() -> Self { Self.rounding { Self.format.squareRoot(bitPattern, mode: $0, randomWord: $1) } }

    /// `self + a·b` rounded once.
    public func addingProduct(_ a: Self, _ b: Self) -> Self {
        Self.rounding { Self.format.fusedMultiplyAdd(a.bitPattern, b.bitPattern, bitPattern, mode: $0, randomWord: $1) }
    }

    /// The posit of an operation's code rounded in the mode of the current
    /// ``RoundingContext`` (nearest-even outside any), drawing the context's next random word
    /// in stochastic modes.
    @inlinable
    static func rounding(_ operation: (_ mode: RoundingMode, _ randomWord: UInt64) -> UInt64) -> Self {
        guard let (mode, randomWord) = RoundingContext.nextRounding() else {
            return Self(bitPattern: operation(.toNearestOrEven, 0))
        }
        return Self(bitPattern: operation(mode, randomWord))
    }

    /// `Σ a[i]·b[i]` accumulated exactly and rounded once (the standard's fused dot product).
    ///
    /// - Precondition: `a.count == b.count`.
    public static func fusedDotProduct(_ a: [Self], _ b: [Self]) -> Self {
        Self(bitPattern: format.fusedDotProduct(a.map(\.bitPattern), b.map(\.bitPattern)))
    }

    /// `Σ a[i]` accumulated exactly and rounded once.
    public static func fusedSum(_ a: [Self]) -> Self { Self(bitPattern: format.fusedSum(a.map(\.bitPattern))) }
}

extension Double {
    /// The nearest double to a posit (exact unless a `posit64` value has more than 53 bits);
    /// NaN for NaR.
    public init<Format>(_ posit: Posit<Format>) { self = posit.doubleValue }
}
