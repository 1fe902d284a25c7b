/// A deterministic rounding mode seen on a posit's magnitude: how the `n - 1` kept bits of a
/// positive real's bit string change given the next bit (`roundBit`) and whether any bit after
/// it is set (`rest`).
///
/// The Posit Standard rounds to nearest, ties to the even code (``nearestEven``). The other
/// directions extend it the way IEEE 754's modes extend binary floating point, on the
/// encoding, and keep the standard's rule that a nonzero real never becomes zero or NaR:
/// below minpos every direction gives minpos, above maxpos every direction gives maxpos.
/// Because posit codes are ordered like their values, rounding the bit string toward zero is
/// rounding the value toward zero, and so on.
@usableFromInline
enum PositMagnitudeRounding: Sendable {
    /// Nearest; a tie (the round bit alone) goes to the even code.
    case nearestEven
    /// Nearest; a tie goes away from zero.
    case nearestAway
    /// Truncation.
    case towardZero
    /// The next code away from zero unless the value is exact.
    case awayFromZero
    /// Exact values stay; otherwise whichever neighbour has an odd code.
    case toOdd

    /// The direction of a deterministic `mode` for a real of the given sign; nil for the
    /// stochastic modes.
    @inlinable
    init?(_ mode: RoundingMode, negative: Bool) {
        switch mode {
        case .toNearestOrEven: self = .nearestEven
        case .toNearestOrAwayFromZero: self = .nearestAway
        case .towardZero: self = .towardZero
        case .awayFromZero: self = .awayFromZero
        case .up: self = negative ? .towardZero : .awayFromZero
        case .down: self = negative ? .awayFromZero : .towardZero
        case .toOdd: self = .toOdd
        case .stochastic, .stochasticEqual: return nil
        }
    }

    /// The code of a magnitude whose bit string, cut after the kept bits, is `body`.
    ///
    /// - Postcondition: the result is `body` or `body + 1` (for ``toOdd``, `body | 1`).
    @inlinable
    func body(_ body: UInt64, roundBit: Bool, rest: Bool) -> UInt64 {
        switch self {
        case .nearestEven: roundBit && (rest || body & 1 != 0) ? body + 1 : body
        case .nearestAway: roundBit ? body + 1 : body
        case .towardZero: body
        case .awayFromZero: roundBit || rest ? body + 1 : body
        case .toOdd: roundBit || rest ? body | 1 : body
        }
    }
}
