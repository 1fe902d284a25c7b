/// A number of a low-precision format, with emulated arithmetic: every operation is its
/// exact result rounded once to the format, in the mode of the current ``RoundingContext``
/// (nearest-even outside one).
///
/// ```swift
/// let x: BFloat16 = 1.0 / 3            // 0.333984375
/// let y = Float8E5M2(1.125 + 0x1p-30)   // 1.25: rounded once from the double, not via binary16
/// func norm<T: Real>(_ v: [T]) -> T { .sqrt(v.reduce(0) { $0 + $1 * $1 }) }
/// norm([3, 4] as [BFloat16])            // 5, every step in bfloat16
/// ```
///
/// The value is stored as the `Double` it equals (every value of every format is a double),
/// so a `Minifloat` is 8 bytes whatever its format; ``bitPattern`` gives the format's code.
/// `Format` is a phantom type (see ``MinifloatFormat``): aliases such as ``BFloat16`` and
/// ``Float8E4M3FN`` name the presets, and a custom format takes a few lines.
///
/// IEEE-like formats (``IEEEMinifloatFormat``) are `BinaryFloatingPoint` and `Real`; the
/// others (`fn`, `fnuz`, FP6, FP4, E8M0) have the operators, comparisons, hashing and
/// printing but no infinity to pretend with: their overflow saturates or gives NaN, and
/// FP6/FP4 produce NaN only as an invalid result, which has no ``bitPattern``.
@frozen
public struct Minifloat<Format: MinifloatFormat>: Sendable {
    /// The value, exactly.
    public let doubleValue: Double

    /// Wraps a double that is already a value of the format (or ±∞/NaN where it has them).
    @inlinable
    init(storing value: Double) {
        doubleValue = value
    }

    /// The format and its prepared arithmetic.
    @inlinable
    public static var arithmetic: FormatArithmetic { Format.arithmetic }

    /// The format.
    @inlinable
    public static var format: FloatFormat { Format.arithmetic.format }

    /// The value's code in the format (e.g. `0x3F80` for `BFloat16(1)`).
    ///
    /// - Precondition: the value has an encoding: NaN in FP6/FP4 (which have no NaN) traps.
    public var bitPattern: UInt64 {
        do {
            return try Self.format.encode(doubleValue)
        } catch {
            preconditionFailure("\(doubleValue) has no encoding in \(Self.format.name): \(error)")
        }
    }

    /// The value of a code of the format.
    ///
    /// - Precondition: `bitPattern` is a code of the format (it fits `bitWidth` bits and is
    ///   not an unused code of a custom format).
    public init(bitPattern: UInt64) {
        do {
            self.init(storing: try Self.format.decode(bitPattern))
        } catch {
            preconditionFailure("\(bitPattern) is not a code of \(Self.format.name): \(error)")
        }
    }
}
