/// The phantom type that names the format of a ``Minifloat``: a type with no values whose
/// only job is to carry the format's prepared arithmetic.
///
/// Declare your own format in a few lines:
///
/// ```swift
/// enum E4M2: IEEEMinifloatFormat {
///     static let arithmetic = FormatArithmetic(try! FloatFormat(exponentBits: 4, significandBits: 2))
/// }
/// typealias Float7E4M2 = Minifloat<E4M2>
/// ```
///
/// `arithmetic` should be a `static let`: it is prepared once, on first use.
public protocol MinifloatFormat: Sendable {
    /// The format and its rounding, prepared once.
    static var arithmetic: FormatArithmetic { get }
}

/// A ``MinifloatFormat`` with zero and a sign (every float format but the unsigned E8M0):
/// its ``Minifloat`` is `AdditiveArithmetic`, `Numeric` and `SignedNumeric`, so generic
/// code such as a dot product over `some Numeric` runs in it.
///
/// - Precondition: `arithmetic.format` has a zero and a sign bit.
public protocol SignedMinifloatFormat: MinifloatFormat {}

/// A ``MinifloatFormat`` with IEEE 754's special values: signed zeros, subnormals, ±∞ and
/// NaN at the all-ones exponent (``FloatFormat/SpecialValues/ieee``). Its ``Minifloat`` is a
/// `BinaryFloatingPoint` and a swift-numerics `Real`, so generic numeric code runs in it.
///
/// Formats without an infinity (`fn`, `fnuz`, FP6, FP4, E8M0) must not claim this: the
/// standard library's floating-point protocols assume an infinity and IEEE's encoding.
///
/// - Precondition: ``FormatArithmetic/isIEEEInterchangeLike`` (the IEEE-only members check it).
public protocol IEEEMinifloatFormat: SignedMinifloatFormat {}
