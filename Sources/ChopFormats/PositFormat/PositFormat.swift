/// A posit format: `n`-bit two's complement encodings of a sign, a run-length regime, `es`
/// exponent bits and a fraction (Posit Standard 2022; `es = 2` there, any `es` in SoftPosit's
/// older conventions).
///
/// A positive posit's bits after the sign are a regime of `m` equal bits ended by the
/// opposite bit (or by the end), which gives `k = m - 1` for ones and `k = -m` for zeros;
/// then up to `es` exponent bits `e` (missing ones are 0) and the fraction `f`. Its value is
/// `2^(k·2^es + e) · (1 + f)`. Negative posits are the two's complement of the positive
/// pattern; `0…0` is zero and `10…0` is NaR (not a real).
///
/// Every value of a format whose precision at 1.0 is at most 53 bits is a `Double`;
/// `posit64` has up to 60 bits near 1, so some of its values are not (``decode(_:)`` says so,
/// and its typed scalars keep the code).
public struct PositFormat: Sendable {
    /// `n`, the bits of an encoding (2...64).
    public let bitWidth: Int
    /// `es`, the exponent bits (0...4 for every width; more while `maxpos` fits a Double).
    public let exponentSize: Int
    public let name: String

    /// Creates the posit format `posit<n>es<es>`.
    ///
    /// - Throws: ``FormatError/invalidParameters(_:)`` for `n` outside 2...64, a negative
    ///   `es`, or one so large that maxpos `2^((n-2)·2^es)` exceeds binary64's range.
    public init(bitWidth: Int, exponentSize: Int, name: String? = nil) throws(FormatError) {
        guard (2...64).contains(bitWidth) else {
            throw .invalidParameters("posits have 2...64 bits, not \(bitWidth)")
        }
        guard exponentSize >= 0, exponentSize <= 10, (bitWidth - 2) << exponentSize <= 1023 else {
            throw .invalidParameters(
                "posit\(bitWidth)es\(exponentSize): maxpos 2^((n-2)·2^es) must not exceed binary64's 2^1023")
        }
        self.bitWidth = bitWidth
        self.exponentSize = exponentSize
        self.name = name ?? Self.standardName(bitWidth: bitWidth, exponentSize: exponentSize)
    }

    /// `posit<n>` for the standard's `es = 2` at 8, 16, 32 and 64 bits, else `posit<n>es<es>`.
    static func standardName(bitWidth: Int, exponentSize: Int) -> String {
        exponentSize == 2 && [8, 16, 32, 64].contains(bitWidth) ? "posit\(bitWidth)" : "posit\(bitWidth)es\(exponentSize)"
    }

    /// The greatest exponent: maxpos is `2^maxScale`, minpos `2^-maxScale`.
    public var maxScale: Int { (bitWidth - 2) << exponentSize }

    /// `useed = 2^(2^es)`: the factor one regime step stands for.
    public var useed: Double { Double(sign: .plus, exponent: 1 << exponentSize, significand: 1) }

    /// `maxpos = useed^(n-2)`.
    public var greatestFiniteMagnitude: Double { Double(sign: .plus, exponent: maxScale, significand: 1) }

    /// `minpos = useed^-(n-2)`.
    public var leastNonzeroMagnitude: Double { Double(sign: .plus, exponent: -maxScale, significand: 1) }

    /// Significand bits at 1.0, counting the hidden bit: `n - 2 - es` (at least 1).
    public var precision: Int { max(1, bitWidth - 2 - exponentSize) }

    /// The number of bit patterns, `2^n`.
    public var encodingCount: UInt128 { UInt128(1) << bitWidth }

    /// The code of NaR, `10…0`.
    public var notARealCode: UInt64 { 1 << UInt64(bitWidth - 1) }

    /// All `n` bits set.
    @usableFromInline var mask: UInt64 { bitWidth == 64 ? .max : (1 << UInt64(bitWidth)) - 1 }
}
