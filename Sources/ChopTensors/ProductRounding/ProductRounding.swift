import ChopFormats

/// What happens to each product `aᵢ·bᵢ` of a dot product before it is accumulated.
///
/// - ``exact``: the product enters the accumulation exactly (a fused multiply-add, or a
///   tensor core's exact products); the accumulator's rounding is the only one.
/// - ``rounded(_:)``: the product is rounded first (a separate multiply instruction), in any
///   scalar format (a float or a posit rounder).
public enum ProductRounding: Sendable {
    case exact
    case rounded(any ScalarArithmetic)
}
