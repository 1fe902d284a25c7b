#if MPFR
import ChopFormats
import MPFROracle

/// What a rounding must give, according to GNU MPFR plus the contract of the Contracts article (Overflow, zeros and NaN).
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
        mpfr.load(head, tail)
        return expectedForLoaded(mode: mode, overflow: overflow)
    }

    /// The result of `operation` on `a`, `b` (and `c`: `a·b + c`) rounded once in a
    /// deterministic mode.
    public func expected(
        _ operation: MPFRRounder.Operation, _ a: Double, _ b: Double = 0, _ c: Double = 0,
        mode: RoundingMode, overflow: OverflowBehavior
    ) -> Double {
        // Only the sign of an exact zero depends on the direction of the exact computation.
        mpfr.load(operation, a, b, c, direction: mode == .down ? .down : .nearestEven)
        return expectedForLoaded(mode: mode, overflow: overflow)
    }

    /// `Σ a[i]·b[i]`, exact, rounded once in a deterministic mode.
    public func expectedDotProduct(_ a: [Double], _ b: [Double], mode: RoundingMode, overflow: OverflowBehavior) -> Double {
        mpfr.loadDotProduct(a, b, direction: mode == .down ? .down : .nearestEven)
        return expectedForLoaded(mode: mode, overflow: overflow)
    }

    /// ``expected(_:_:_:_:mode:overflow:)`` and the exceptions IEEE 754 signals for it:
    /// invalid for NaN from numbers (or a number the format cannot hold: E8M0's zero and
    /// negatives, "∞" made NaN), division by zero, overflow when the rounding at unbounded
    /// exponent range exceeds the greatest finite value, inexact when the result is not the
    /// exact value, underflow when an inexact result comes from a nonzero exact value below
    /// `2^emin`.
    public func expectedWithExceptions(
        _ operation: MPFRRounder.Operation, _ a: Double, _ b: Double = 0, _ c: Double = 0,
        mode: RoundingMode, overflow: OverflowBehavior
    ) -> (value: Double, exceptions: ExceptionFlags) {
        mpfr.load(operation, a, b, c, direction: mode == .down ? .down : .nearestEven)
        return loadedWithExceptions(operation, a, b, c, mode: mode, overflow: overflow)
    }

    /// ``expectedWithExceptions(_:_:_:_:mode:overflow:)`` for several modes with one overflow
    /// behaviour, in the order of `modes`: the exact result is computed once for the modes
    /// that round it the same way when it is zero (twice at most: `down` gives an exact zero
    /// sum its negative sign), and rounded in each mode.
    public func expectedWithExceptions(
        _ operation: MPFRRounder.Operation, _ a: Double, _ b: Double = 0, _ c: Double = 0,
        modes: [RoundingMode], overflow: OverflowBehavior
    ) -> [(value: Double, exceptions: ExceptionFlags)] {
        var results = [(value: Double, exceptions: ExceptionFlags)](repeating: (0, []), count: modes.count)
        for direction in [MPFRRounder.Direction.nearestEven, .down] {
            let indices = modes.indices.filter { (modes[$0] == .down) == (direction == .down) }
            guard !indices.isEmpty else { continue }
            mpfr.load(operation, a, b, c, direction: direction)
            for index in indices {
                results[index] = loadedWithExceptions(operation, a, b, c, mode: modes[index], overflow: overflow)
            }
        }
        return results
    }

    /// The loaded exact result of `operation` rounded in `mode`, with its exceptions.
    private func loadedWithExceptions(
        _ operation: MPFRRounder.Operation, _ a: Double, _ b: Double, _ c: Double,
        mode: RoundingMode, overflow: OverflowBehavior
    ) -> (value: Double, exceptions: ExceptionFlags) {
        let value = expectedForLoaded(mode: mode, overflow: overflow)
        let loaded = mpfr.loadedClass
        let operandIsNaN = a.isNaN || (operation != .squareRoot && b.isNaN) || (operation == .fusedMultiplyAdd && c.isNaN)
        var exceptions: ExceptionFlags = []
        if loaded.isNaN {
            if !operandIsNaN { exceptions.insert(.invalid) }
        } else if loaded.isInfinite {
            if operation == .quotient && b == 0 && a.isFinite { exceptions.insert(.divisionByZero) }
            if value.isNaN { exceptions.insert(.invalid) } else if value.isFinite { exceptions.insert(.inexact) }
        } else if loaded.isZero {
            if value.isNaN { exceptions.insert(.invalid) }
        } else if !format.isSigned && loaded.isNegative {
            exceptions.insert(.invalid)
        } else {
            if unboundedRounding(mode).magnitude > format.greatestFiniteMagnitude {
                exceptions.formUnion([.overflow, .inexact])
            } else if !mpfr.loadedEquals(value) {
                exceptions.insert(.inexact)
                if mpfr.loadedExponent < format.minExponent { exceptions.insert(.underflow) }
            }
        }
        return (value, exceptions)
    }

    /// The loaded value rounded at unbounded exponent range above.
    private func unboundedRounding(_ mode: RoundingMode) -> Double {
        switch mode {
        case .toNearestOrEven: mpfr.roundLoaded(to: oracleFormat, .nearestEven, boundedAbove: false)
        case .towardZero: mpfr.roundLoaded(to: oracleFormat, .towardZero, boundedAbove: false)
        case .up: mpfr.roundLoaded(to: oracleFormat, .up, boundedAbove: false)
        case .down: mpfr.roundLoaded(to: oracleFormat, .down, boundedAbove: false)
        case .awayFromZero: mpfr.roundLoaded(to: oracleFormat, .awayFromZero, boundedAbove: false)
        case .toOdd: mpfr.roundLoadedToOdd(to: oracleFormat)
        case .toNearestOrAwayFromZero: mpfr.roundLoadedNearestAway(to: oracleFormat)
        case .stochastic, .stochasticEqual: preconditionFailure("MPFR checks deterministic modes")
        }
    }

    private func expectedForLoaded(mode: RoundingMode, overflow: OverflowBehavior) -> Double {
        let loaded = mpfr.loadedClass
        if loaded.isNaN { return .nan }
        if !format.isSigned && (loaded.isNegative || loaded.isZero) { return .nan }
        if loaded.isInfinite { return signed(infinity(overflow), negative: loaded.isNegative) }
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
            result = mpfr.roundLoaded(to: oracleFormat, direction, boundedAbove: true)
        } else {
            if let direction {
                result = mpfr.roundLoaded(to: oracleFormat, direction, boundedAbove: false)
            } else if mode == .toOdd {
                result = mpfr.roundLoadedToOdd(to: oracleFormat)
            } else {
                result = mpfr.roundLoadedNearestAway(to: oracleFormat)
            }
        }
        return contract(result, mode: mode, overflow: overflow)
    }

    /// What stochastic rounding of one operation's result may give: one value when the result
    /// is exact or special, else two neighbours and MPFR's exact `floor(f·2^R)`.
    public struct StochasticCase {
        /// The result when no choice is left.
        public let exact: Double?
        public let towardZero: Double
        public let awayFromZero: Double
        /// `floor(f·2^R)` with `f` the fraction of the way from `towardZero` to `awayFromZero`.
        public let threshold: UInt64
        public let randomBits: Int

        /// The result for `randomWord`: proportional rounding goes away from zero when the
        /// word's top R bits are below the threshold; with `equalProbabilities`, when its top
        /// bit is set.
        public func expected(randomWord: UInt64, equalProbabilities: Bool = false) -> Double {
            if let exact { return exact }
            let away = equalProbabilities ? randomWord >> 63 == 1 : randomWord >> UInt64(64 - randomBits) < threshold
            return away ? awayFromZero : towardZero
        }
    }

    /// The stochastic rounding of `operation` on `a`, `b` (and `c`) with `randomBits` random
    /// bits, under the contract's overflow and zero rules.
    public func stochasticCase(
        _ operation: MPFRRounder.Operation, _ a: Double, _ b: Double = 0, _ c: Double = 0,
        randomBits: Int = 52, overflow: OverflowBehavior
    ) -> StochasticCase {
        func settled(_ value: Double) -> StochasticCase {
            StochasticCase(exact: value, towardZero: value, awayFromZero: value, threshold: 0, randomBits: randomBits)
        }
        mpfr.load(operation, a, b, c)
        let loaded = mpfr.loadedClass
        if !format.isSigned && loaded.isNegative && !loaded.isNaN { return settled(.nan) }
        if loaded.isNaN || loaded.isInfinite || loaded.isZero {
            return settled(expectedForLoaded(mode: .toNearestOrEven, overflow: overflow))
        }
        guard let (towardZero, awayFromZero, threshold) = mpfr.loadedStochasticThreshold(
            to: oracleFormat, randomBits: randomBits)
        else {
            return settled(expectedForLoaded(mode: .toNearestOrEven, overflow: overflow))
        }
        let mode = RoundingMode.stochastic(randomBits: randomBits)
        return StochasticCase(
            exact: nil, towardZero: contract(towardZero, mode: mode, overflow: overflow),
            awayFromZero: contract(awayFromZero, mode: mode, overflow: overflow), threshold: threshold,
            randomBits: randomBits)
    }

    /// The contract's additions to a rounding at unbounded exponent range (or MPFR's
    /// bounded one): overflow by mode and behaviour, zeros in formats without -0 or zero.
    private func contract(_ rounded: Double, mode: RoundingMode, overflow: OverflowBehavior) -> Double {
        var result = rounded
        if result.magnitude > format.greatestFiniteMagnitude {
            result = signed(overflowMagnitude(mode, negative: result < 0, overflow), negative: result < 0)
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
