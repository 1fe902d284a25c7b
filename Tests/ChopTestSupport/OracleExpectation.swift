#if MPFR
import ChopFormats
import MPFROracle

/// What a rounding must give, according to GNU MPFR plus the contract of DESIGN.md §5.
///
/// MPFR rounds at the format's precision with its subnormals (`mpfr_subnormalize`); the
/// contract's additions are applied on top: overflow by mode and behaviour, no -0 in
/// `fnuz`/P3109 formats, and E8M0's lack of zero and sign. Where the format's greatest
/// value is MPFR's own (`(2 - 2^(1-p))·2^emax`) and overflow goes to infinity, MPFR's own
/// overflow handling is used for the modes it has, so the overflow rule is checked against
/// MPFR too.
public final class OracleExpectation {
    public let format: FloatFormat
    private let mpfr = MPFRRounder()
    private let oracleFormat: MPFRRounder.Format
    private let hasMPFRMaximum: Bool

    public init(format: FloatFormat) {
        self.format = format
        oracleFormat = MPFRRounder.Format(
            precision: format.precision, minExponent: format.minExponent, maxExponent: format.maxExponent,
            hasSubnormals: format.hasSubnormals)
        let mpfrMaximum = (2 - Double(sign: .plus, exponent: 1 - format.precision, significand: 1))
            * Double(sign: .plus, exponent: format.maxExponent, significand: 1)
        hasMPFRMaximum = format.greatestFiniteMagnitude == mpfrMaximum
    }

    /// The exact value `head + tail` rounded in a deterministic mode.
    public func expected(_ head: Double, _ tail: Double = 0, mode: RoundingMode, overflow: OverflowBehavior) -> Double {
        let sum = head + tail
        if sum.isNaN { return .nan }
        if !format.isSigned && !(sum > 0) { return .nan }
        if head.isInfinite || tail.isInfinite { return signed(infinity(overflow), negative: sum < 0) }
        let direction: MPFRRounder.Direction?
        switch mode {
        case .toNearestOrEven: direction = .nearestEven
        case .towardZero: direction = .towardZero
        case .up: direction = .up
        case .down: direction = .down
        case .awayFromZero: direction = .awayFromZero
        case .toNearestOrAwayFromZero, .toOdd: direction = nil
        case .stochastic, .stochasticEqual: preconditionFailure("MPFR checks deterministic modes")
        }
        var result: Double
        if let direction, hasMPFRMaximum, overflow == .infinity {
            result = mpfr.round(head, tail, to: oracleFormat, direction, boundedAbove: true)
        } else {
            if let direction {
                result = mpfr.round(head, tail, to: oracleFormat, direction, boundedAbove: false)
            } else if mode == .toOdd {
                result = mpfr.roundToOdd(head, tail, to: oracleFormat)
            } else {
                result = mpfr.roundNearestAway(head, tail, to: oracleFormat)
            }
            if result.magnitude > format.greatestFiniteMagnitude {
                result = signed(overflowMagnitude(mode, negative: result < 0, overflow), negative: result < 0)
            }
        }
        if result == 0 {
            if !format.hasZero { return format.leastNonzeroMagnitude }
            if !format.hasNegativeZero { return 0 }
        }
        return result
    }

    /// IEEE 754 §7.4: toward-zero and odd give max, up gives max for negatives, down for
    /// positives; the rest give "∞", mapped by the behaviour.
    private func overflowMagnitude(_ mode: RoundingMode, negative: Bool, _ overflow: OverflowBehavior) -> Double {
        switch mode {
        case .towardZero, .toOdd: format.greatestFiniteMagnitude
        case .up where negative, .down where !negative: format.greatestFiniteMagnitude
        default: infinity(overflow)
        }
    }

    private func infinity(_ overflow: OverflowBehavior) -> Double {
        switch overflow {
        case .infinity: .infinity
        case .nan: .nan
        case .saturate: format.greatestFiniteMagnitude
        }
    }

    private func signed(_ magnitude: Double, negative: Bool) -> Double { negative ? -magnitude : magnitude }
}
#endif
