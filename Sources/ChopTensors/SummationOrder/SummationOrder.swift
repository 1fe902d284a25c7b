/// The order and grouping of a reduction's roundings: a sum, a dot product, a row of a
/// matrix product. Each names exactly which partial results are rounded to the accumulator.
///
/// For terms `t₁ … tₙ` (values, or products `aᵢ·bᵢ` — see ``ProductRounding``):
/// - ``sequential``: `s₁ = ∘(t₁)`, `sᵢ = ∘(sᵢ₋₁ + tᵢ)`, in ascending index order; what a
///   plain loop does in the accumulator's format.
/// - ``pairwise``: `∘(S(left half) + S(right half))` recursively, the left half holding
///   `⌈n/2⌉` terms, a single term `∘(t)`; NumPy-like.
/// - ``blocked(size:)``: sequential sums of consecutive blocks of `size` terms, then the
///   sequential sum of the block sums.
/// - ``fused(chunk:)``: `s = ∘(s + tᵢ + … + tᵢ₊ₖ₋₁)`, the exact sum of the running value and
///   the next `chunk` terms rounded once (the first chunk without a running value): how a
///   tensor core adds a few exact products into its fp32 accumulator.
/// - ``exact``: every term summed exactly and rounded once.
///
/// `∘` is the accumulator's rounding; an empty reduction is +0. A zero result's sign follows
/// IEEE 754 step by step (an exact sum of the terms for `exact` and within each chunk).
public enum SummationOrder: Sendable, Hashable {
    case sequential
    case pairwise
    case blocked(size: Int)
    case fused(chunk: Int)
    case exact
}

extension SummationOrder: CustomStringConvertible {
    public var description: String {
        switch self {
        case .sequential: "sequential"
        case .pairwise: "pairwise"
        case .blocked(let size): "blocked(\(size))"
        case .fused(let chunk): "fused(\(chunk))"
        case .exact: "exact"
        }
    }
}
