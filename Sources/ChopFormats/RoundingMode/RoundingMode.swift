/// How a value between two neighbouring numbers of a format is rounded.
///
/// The deterministic modes follow `FloatingPointRoundingRule`'s spellings. With `lo ≤ x ≤ hi`
/// the two neighbours of `x` and `f = (x - lo) / (hi - lo)`:
///
/// | mode | contract name | result |
/// |---|---|---|
/// | ``toNearestOrEven`` | `nearest-even` (1) | nearest; ties to the even significand |
/// | ``toNearestOrAwayFromZero`` | `nearest-away` | nearest; ties away from zero |
/// | ``up`` | `up` (2) | toward +∞ |
/// | ``down`` | `down` (3) | toward -∞ |
/// | ``towardZero`` | `toward-zero` (4) | truncation |
/// | ``awayFromZero`` | `away-from-zero` | away from zero |
/// | ``toOdd`` | `odd` | exact values stay; otherwise the neighbour with an odd last bit |
/// | ``stochastic(randomBits:)`` | `stochastic` (5) | `hi` with probability `floor(f·2^R)/2^R` |
/// | ``stochasticEqual`` | `stochastic-equal` (6) | either neighbour with probability 1/2 |
///
/// Representable values never move in any mode. Stochastic rounding uses `R` random bits
/// per element (1...52, default 52): the probability of rounding away from zero is `f`
/// exactly whenever `f` has at most `R` fractional bits (always the case for a `Double`
/// rounded to a normal number of a format with p ≥ 1 and `R = 52`), and otherwise `f`
/// truncated to `R` bits, as in hardware stochastic-rounding units fed `R` random bits.
public enum RoundingMode: Hashable, Sendable {
    case toNearestOrEven
    case toNearestOrAwayFromZero
    case up
    case down
    case towardZero
    case awayFromZero
    case toOdd
    case stochastic(randomBits: Int = RoundingMode.maxRandomBits)
    case stochasticEqual

    /// The most random bits stochastic rounding uses per element.
    public static let maxRandomBits = 52

    /// The deterministic modes, each checked bit-for-bit against MPFR.
    public static let deterministicModes: [RoundingMode] = [
        .toNearestOrEven, .toNearestOrAwayFromZero, .up, .down, .towardZero, .awayFromZero, .toOdd,
    ]

    /// The random bits an element reads from its word (``RandomStream/word(at:bits:)``): R
    /// for ``stochastic(randomBits:)``, 64 (a whole word) for ``stochasticEqual``, 0 for the
    /// deterministic modes.
    @inlinable
    public var randomBitsPerElement: Int {
        switch self {
        case .stochastic(let bits): bits
        case .stochasticEqual: 64
        default: 0
        }
    }

    /// Whether the mode draws random bits.
    @inlinable
    public var isStochastic: Bool {
        switch self {
        case .stochastic, .stochasticEqual: true
        default: false
        }
    }
}
