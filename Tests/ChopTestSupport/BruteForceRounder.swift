import ChopFormats

/// An independent reference for rounding to small formats: the list of the format's
/// values from ``ReferenceDecoder``, neighbours by binary search, decisions by exact
/// comparisons, and the Contracts article's (Overflow, zeros and NaN) overflow, zero and NaN rules written out again.
///
/// Every comparison is exact: with neighbours `lo ≤ a ≤ hi`, `a - lo` is exact (either
/// `lo = 0` or `lo > a/2`), `hi - lo` is exact (adjacent values), and doubling is exact.
public struct BruteForceRounder: Sendable {
    public let format: FloatFormat
    /// The nonnegative values, ascending, with 0 first (also for formats without zero,
    /// where it stands for the neighbour below the least value).
    public let magnitudes: [Double]
    /// The greatest finite value, and the next value above it at unbounded exponent range.
    public let maxFinite: Double
    public let beyondMax: Double

    public init(format: FloatFormat) {
        self.format = format
        let values = ReferenceDecoder.finiteValues(of: format).filter { $0 >= 0 }
        magnitudes = values.first == 0 ? values : [0] + values
        maxFinite = magnitudes.last!
        // The spacing at the top binade: max is m·2^(e-p+1) with e its exponent.
        beyondMax = maxFinite + Double(sign: .plus, exponent: maxFinite.exponent - format.precision + 1, significand: 1)
    }

    /// The neighbours of `a ≥ 0` at unbounded exponent range above: `lo ≤ a ≤ hi`, both
    /// `beyondMax` when `a` is beyond it (so that everything there overflows).
    public func neighbours(of a: Double) -> (lo: Double, hi: Double) {
        if a >= beyondMax { return (beyondMax, beyondMax) }
        if a > maxFinite { return (maxFinite, beyondMax) }
        var low = 0
        var high = magnitudes.count - 1  // magnitudes[low] ≤ a ≤ magnitudes[high]
        while high - low > 1 {
            let middle = (low + high) / 2
            if magnitudes[middle] <= a { low = middle } else { high = middle }
        }
        if magnitudes[low] == a { return (a, a) }
        if magnitudes[high] == a { return (a, a) }
        return (magnitudes[low], magnitudes[high])
    }

    /// `x` rounded in a deterministic mode with the given overflow behaviour.
    public func round(_ x: Double, _ mode: RoundingMode, overflow: OverflowBehavior) -> Double {
        if x.isNaN { return .nan }
        if format.specialValues == .unsigned && !(x > 0) { return .nan }
        let negative = x.sign == .minus
        if x.isInfinite { return signed(infinity(overflow), negative) }
        let a = x.magnitude
        let (lo, hi) = neighbours(of: a)
        let magnitude: Double
        if lo == hi {
            magnitude = lo
        } else {
            let twiceDistance = (a - lo) * 2
            let gap = hi - lo
            let loIsEven = (lo / gap).truncatingRemainder(dividingBy: 2) == 0
            switch mode {
            case .toNearestOrEven:
                magnitude = twiceDistance < gap ? lo : twiceDistance > gap ? hi : (loIsEven ? lo : hi)
            case .toNearestOrAwayFromZero:
                magnitude = twiceDistance < gap ? lo : hi
            case .towardZero: magnitude = lo
            case .awayFromZero: magnitude = hi
            case .up: magnitude = negative ? lo : hi
            case .down: magnitude = negative ? hi : lo
            case .toOdd: magnitude = loIsEven ? hi : lo
            case .stochastic, .stochasticEqual:
                preconditionFailure("the brute-force reference is for deterministic modes")
            }
        }
        return finish(magnitude, negative: negative, mode: mode, overflow: overflow)
    }

    /// The probability that stochastic rounding of `x` goes away from zero: `(a - lo)/(hi - lo)`.
    public func probabilityAway(_ x: Double) -> Double {
        let (lo, hi) = neighbours(of: x.magnitude)
        return lo == hi ? 0 : (x.magnitude - lo) / (hi - lo)
    }

    /// The two results stochastic rounding may give for `x` (toward and away from zero).
    public func stochasticCandidates(_ x: Double, overflow: OverflowBehavior) -> (towardZero: Double, away: Double) {
        let (lo, hi) = neighbours(of: x.magnitude)
        let negative = x.sign == .minus
        return (
            finish(lo, negative: negative, mode: .stochastic(), overflow: overflow),
            finish(hi, negative: negative, mode: .stochastic(), overflow: overflow)
        )
    }

    private func finish(_ magnitude: Double, negative: Bool, mode: RoundingMode, overflow: OverflowBehavior) -> Double {
        var m = magnitude
        if m > maxFinite {
            // IEEE 754 §7.4 by mode; "∞" then goes through the overflow behaviour.
            let toMax: Bool
            switch mode {
            case .towardZero, .toOdd: toMax = true
            case .up: toMax = negative
            case .down: toMax = !negative
            default: toMax = false
            }
            m = toMax ? maxFinite : infinity(overflow)
        }
        if m == 0 && !format.hasZero { m = magnitudes[1] }
        return signed(m, negative)
    }

    private func infinity(_ overflow: OverflowBehavior) -> Double {
        switch overflow {
        case .infinity: .infinity
        case .nan: .nan
        case .saturate: maxFinite
        }
    }

    private func signed(_ magnitude: Double, _ negative: Bool) -> Double {
        if magnitude.isNaN { return .nan }
        if magnitude == 0 { return negative && format.hasNegativeZero ? -0.0 : 0 }
        return negative ? -magnitude : magnitude
    }
}
