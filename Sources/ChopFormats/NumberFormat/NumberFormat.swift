/// A number format the package emulates: its numbers, its encoding, and rounding to it.
///
/// ``FloatFormat`` is the float family (IEEE-like formats, FP8/FP6/FP4, E8M0, P3109);
/// posits and integer formats join as their modules arrive. Every value of a format is
/// exactly a `Double`.
public protocol NumberFormat: Sendable, Hashable, CustomStringConvertible {
    /// The contract name, e.g. `e4m3fn`.
    var name: String { get }
    /// Bits of an encoding.
    var bitWidth: Int { get }
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
    func round(_ x: Double, _ mode: RoundingMode) -> Double
}
