/// One rounding mode's decision: which neighbour a bracket rounds to, and what overflow
/// gives. This is the only place the semantics of the modes are written; every source
/// (a `Double`, an exact pair) and every caller (scalars, arrays, the CLI) goes through it.
@usableFromInline
protocol RoundingRule {
    /// Whether the rule consumes a random word per element.
    static var usesRandomness: Bool { get }
    /// Whether overflow always gives "∞" (mapped by the behaviour), whatever the sign.
    static var overflowIsInfinity: Bool { get }
    /// The rounded magnitude at unbounded exponent range.
    static func magnitude<Bracket: RoundingBracket>(
        _ bracket: Bracket, negative: Bool, randomWord: UInt64, plan: RoundingPlan
    ) -> Double
    /// What a magnitude beyond the greatest finite value becomes (IEEE 754 §7.4).
    static func overflowMagnitude(negative: Bool, plan: RoundingPlan) -> Double
    /// 1 for toward +∞, -1 for toward -∞, 0 for the rules that depend on the magnitude alone
    /// (the kernel rounds the directed modes on signed values where it can).
    static var direction: Int { get }
    /// The rounding direction array loops set to round by the hardware's addition
    /// (``RoundingKernel/roundInHardwareDirection(_:)``); nil for the rules that never do.
    static var hardwareDirection: HardwareDirection.Direction? { get }
    /// Whether the kernel rounds by adding the random bits to the fraction where the geometry
    /// allows (``RoundingKernel/roundByCarry(_:randomWord:)``): proportional stochastic rounding
    /// with R ≤ 53 - p bits, the same results as ``magnitude(_:negative:randomWord:plan:)``.
    static var carriesRandomBits: Bool { get }
    /// Whether the rule is proportional stochastic rounding, which array loops in plain
    /// shifter formats round by carry alone where the value allows it (``CarryAlone``).
    static var isProportionalStochastic: Bool { get }
}

extension RoundingRule {
    @inlinable static var direction: Int { 0 }
    @inlinable static var hardwareDirection: HardwareDirection.Direction? { nil }
    @inlinable static var carriesRandomBits: Bool { false }
    @inlinable static var isProportionalStochastic: Bool { false }
}

@usableFromInline
enum NearestEvenRule: RoundingRule {
    @inlinable static var usesRandomness: Bool { false }
    @inlinable static var overflowIsInfinity: Bool { true }
    @inlinable @inline(__always)
    static func magnitude<B: RoundingBracket>(_ b: B, negative: Bool, randomWord: UInt64, plan: RoundingPlan) -> Double {
        b.nearestEven
    }
    @inlinable @inline(__always)
    static func overflowMagnitude(negative: Bool, plan: RoundingPlan) -> Double { plan.infinityReplacement }
}

@usableFromInline
enum NearestAwayRule: RoundingRule {
    @inlinable static var usesRandomness: Bool { false }
    @inlinable static var overflowIsInfinity: Bool { true }
    @inlinable @inline(__always)
    static func magnitude<B: RoundingBracket>(_ b: B, negative: Bool, randomWord: UInt64, plan: RoundingPlan) -> Double {
        b.nearestAway
    }
    @inlinable @inline(__always)
    static func overflowMagnitude(negative: Bool, plan: RoundingPlan) -> Double { plan.infinityReplacement }
}

@usableFromInline
enum TowardZeroRule: RoundingRule {
    /// |x| rounded toward zero.
    @inlinable static var hardwareDirection: HardwareDirection.Direction? { .towardZero }
    @inlinable static var usesRandomness: Bool { false }
    @inlinable static var overflowIsInfinity: Bool { false }
    @inlinable @inline(__always)
    static func magnitude<B: RoundingBracket>(_ b: B, negative: Bool, randomWord: UInt64, plan: RoundingPlan) -> Double {
        b.towardZero
    }
    @inlinable @inline(__always)
    static func overflowMagnitude(negative: Bool, plan: RoundingPlan) -> Double { plan.maxFinite }
}

@usableFromInline
enum AwayFromZeroRule: RoundingRule {
    @inlinable static var usesRandomness: Bool { false }
    @inlinable static var overflowIsInfinity: Bool { true }
    @inlinable @inline(__always)
    static func magnitude<B: RoundingBracket>(_ b: B, negative: Bool, randomWord: UInt64, plan: RoundingPlan) -> Double {
        b.awayFromZero
    }
    @inlinable @inline(__always)
    static func overflowMagnitude(negative: Bool, plan: RoundingPlan) -> Double { plan.infinityReplacement }
}

/// Toward +∞: away from zero for positive values, toward zero for negative ones.
@usableFromInline
enum UpRule: RoundingRule {
    @inlinable static var direction: Int { 1 }
    @inlinable static var hardwareDirection: HardwareDirection.Direction? { .up }
    @inlinable static var usesRandomness: Bool { false }
    @inlinable static var overflowIsInfinity: Bool { false }
    @inlinable @inline(__always)
    static func magnitude<B: RoundingBracket>(_ b: B, negative: Bool, randomWord: UInt64, plan: RoundingPlan) -> Double {
        b.directed(awayFromZero: !negative)
    }
    @inlinable @inline(__always)
    static func overflowMagnitude(negative: Bool, plan: RoundingPlan) -> Double {
        negative ? plan.maxFinite : plan.infinityReplacement
    }
}

/// Toward -∞: toward zero for positive values, away from zero for negative ones.
@usableFromInline
enum DownRule: RoundingRule {
    @inlinable static var direction: Int { -1 }
    @inlinable static var hardwareDirection: HardwareDirection.Direction? { .down }
    @inlinable static var usesRandomness: Bool { false }
    @inlinable static var overflowIsInfinity: Bool { false }
    @inlinable @inline(__always)
    static func magnitude<B: RoundingBracket>(_ b: B, negative: Bool, randomWord: UInt64, plan: RoundingPlan) -> Double {
        b.directed(awayFromZero: negative)
    }
    @inlinable @inline(__always)
    static func overflowMagnitude(negative: Bool, plan: RoundingPlan) -> Double {
        negative ? plan.infinityReplacement : plan.maxFinite
    }
}

/// Round to odd: exact values stay, others go to the neighbour with an odd last bit
/// (zero counts as even). Overflow gives ±max, as toward-zero does.
@usableFromInline
enum OddRule: RoundingRule {
    @inlinable static var usesRandomness: Bool { false }
    @inlinable static var overflowIsInfinity: Bool { false }
    @inlinable @inline(__always)
    static func magnitude<B: RoundingBracket>(_ b: B, negative: Bool, randomWord: UInt64, plan: RoundingPlan) -> Double {
        b.isExact || b.towardZeroIsOdd ? b.towardZero : b.awayFromZero
    }
    @inlinable @inline(__always)
    static func overflowMagnitude(negative: Bool, plan: RoundingPlan) -> Double { plan.maxFinite }
}

/// Proportional stochastic rounding with the plan's number of random bits.
@usableFromInline
enum StochasticRule: RoundingRule {
    @inlinable static var usesRandomness: Bool { true }
    @inlinable static var isProportionalStochastic: Bool { true }
    @inlinable static var overflowIsInfinity: Bool { true }
    @inlinable @inline(__always)
    static func magnitude<B: RoundingBracket>(_ b: B, negative: Bool, randomWord: UInt64, plan: RoundingPlan) -> Double {
        b.stochastic(randomWord: randomWord, plan: plan)
    }
    @inlinable @inline(__always)
    static func overflowMagnitude(negative: Bool, plan: RoundingPlan) -> Double { plan.infinityReplacement }
}

/// ``StochasticRule`` for shifter geometries with R ≤ 53 - p random bits
/// (``RoundingPlan/randomBitsFitFraction``): a `Double` rounds by carry, other sources decide as
/// ``StochasticRule`` does.
@usableFromInline
enum StochasticByCarryRule: RoundingRule {
    @inlinable static var usesRandomness: Bool { true }
    @inlinable static var overflowIsInfinity: Bool { true }
    @inlinable static var carriesRandomBits: Bool { true }
    @inlinable static var isProportionalStochastic: Bool { true }
    @inlinable @inline(__always)
    static func magnitude<B: RoundingBracket>(_ b: B, negative: Bool, randomWord: UInt64, plan: RoundingPlan) -> Double {
        StochasticRule.magnitude(b, negative: negative, randomWord: randomWord, plan: plan)
    }
    @inlinable @inline(__always)
    static func overflowMagnitude(negative: Bool, plan: RoundingPlan) -> Double {
        StochasticRule.overflowMagnitude(negative: negative, plan: plan)
    }
}

/// Stochastic rounding with equal probabilities: the word's top bit picks the neighbour.
@usableFromInline
enum StochasticEqualRule: RoundingRule {
    @inlinable static var usesRandomness: Bool { true }
    @inlinable static var overflowIsInfinity: Bool { true }
    @inlinable @inline(__always)
    static func magnitude<B: RoundingBracket>(_ b: B, negative: Bool, randomWord: UInt64, plan: RoundingPlan) -> Double {
        b.directed(awayFromZero: randomWord &>> 63 != 0)
    }
    @inlinable @inline(__always)
    static func overflowMagnitude(negative: Bool, plan: RoundingPlan) -> Double { plan.infinityReplacement }
}
