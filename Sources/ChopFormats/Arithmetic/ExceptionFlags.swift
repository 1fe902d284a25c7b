/// The IEEE 754 exceptions an operation can signal (§7), as a set of flags.
///
/// - `invalid`: the result is NaN although no operand was NaN (`0/0`, `∞ - ∞`, `0 × ∞`,
///   `sqrt(-1)`, `remainder(x, 0)`), or a number has no value in the format (E8M0's 0 and
///   negative numbers, an infinite result in a format that turns "∞" into NaN).
/// - `divisionByZero`: a finite nonzero number divided by zero (the result is ±∞, or what
///   the overflow behaviour makes of it).
/// - `overflow`: the result rounded at unbounded exponent range exceeds the greatest
///   finite value (464 in E4M3 does not overflow: it rounds to 448; 465 does).
/// - `underflow`: the exact result is nonzero, below the least normal magnitude, and the
///   rounded result is inexact (tininess is detected before rounding).
/// - `inexact`: the rounded result differs from the exact one (overflow implies it; an
///   infinite result saturated to the greatest finite value also raises it).
@frozen
public struct ExceptionFlags: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8

    @inlinable
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let invalid = ExceptionFlags(rawValue: 1 << 0)
    public static let divisionByZero = ExceptionFlags(rawValue: 1 << 1)
    public static let overflow = ExceptionFlags(rawValue: 1 << 2)
    public static let underflow = ExceptionFlags(rawValue: 1 << 3)
    public static let inexact = ExceptionFlags(rawValue: 1 << 4)

    /// Every flag, in IEEE 754's order.
    public static let all: [(flag: ExceptionFlags, name: String)] = [
        (.invalid, "invalid"), (.divisionByZero, "divisionByZero"), (.overflow, "overflow"),
        (.underflow, "underflow"), (.inexact, "inexact"),
    ]

    public var description: String {
        "[" + Self.all.filter { contains($0.flag) }.map(\.name).joined(separator: ", ") + "]"
    }
}
