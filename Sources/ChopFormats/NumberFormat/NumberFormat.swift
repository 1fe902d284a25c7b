/// A number format the package emulates, of any family: floats (``FloatFormat``), posits
/// (``PositFormat``), integer and fixed-point quantization and block formats (`IntegerFormat`
/// and `BlockFormat` in ChopBlocks).
///
/// ```swift
/// let all: [any NumberFormat] = [FloatFormat.e4m3fn, PositFormat.posit16, try IntegerFormat(named: "int8"), BlockFormat.mxfp4]
/// all.map(\.name)        // ["e4m3fn", "posit16", "int8", "mxfp4"]
/// all.map(\.bitWidth)    // [8, 16, 8, 4]
/// ```
///
/// What every family shares is a name, a family and the width of one element's code. Formats
/// whose every value stands alone (floats, posits) refine this as ``ScalarFormat``, with
/// their numbers, encoding and rounding of a single value; integer and block formats round
/// through a scale shared by a group of values, which their quantizers compute.
public protocol NumberFormat: Sendable, Hashable, CustomStringConvertible {
    /// The contract name, e.g. `e4m3fn`, `posit16`, `int8`, `mxfp4`.
    var name: String { get }
    /// The family the format belongs to.
    var family: FormatFamily { get }
    /// Bits of one element's code (for block formats: an element's, without its scale).
    var bitWidth: Int { get }

    /// The format's prepared rounder.
    associatedtype Rounder: FormatRounder where Rounder.Format == Self
    /// The format prepared to round in `mode` with its default options (overflow behaviour,
    /// one scale per tensor for integer formats, blocks along the last axis).
    ///
    /// - Throws: ``FormatError/invalidRoundingMode(_:)`` for random bits outside 1...52.
    func rounder(_ mode: RoundingMode) throws(FormatError) -> Rounder
}

/// A format each of whose values stands alone: a `Double` rounds to it without a scale or any
/// other value, and every code is one number. Its rounder computes (``ScalarArithmetic``).
///
/// Every value of a format whose precision is at most 53 bits is exactly a `Double`.
public protocol ScalarFormat: NumberFormat where Rounder: ScalarArithmetic {
    /// The number of bit patterns, `2^bitWidth`.
    var encodingCount: UInt128 { get }
    /// Significand bits, counting the hidden bit (for tapered formats: at 1.0).
    var precision: Int { get }
    /// The greatest finite value.
    var greatestFiniteMagnitude: Double { get }
    /// The least positive value.
    var leastNonzeroMagnitude: Double { get }
    var hasInfinity: Bool { get }
    var hasNaN: Bool { get }
    var hasNegativeZero: Bool { get }
    /// The bit pattern of a value of the format.
    func encode(_ value: Double) throws(FormatError) -> UInt64
    /// The value of a bit pattern.
    func decode(_ code: UInt64) throws(FormatError) -> Double
    /// `x` rounded in a deterministic mode with the default overflow behaviour.
    ///
    /// - Precondition: `mode` is deterministic (use ``round(_:_:using:)`` for the others).
    func round(_ x: Double, _ mode: RoundingMode) -> Double
    /// `x` rounded in any mode with the default overflow behaviour; stochastic modes draw one
    /// word from `generator`.
    func round(_ x: Double, _ mode: RoundingMode, using generator: inout some RandomNumberGenerator) -> Double
    /// The distance from `reference` to `value` in units in the last place: the number of
    /// steps along the format's values when both are values of the format, a fraction of the
    /// spacing at `reference` otherwise; two NaNs are 0 apart, NaN and a number infinitely far.
    func ulpDistance(_ value: Double, from reference: Double) -> Double
}
