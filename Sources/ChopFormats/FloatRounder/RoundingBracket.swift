/// What a rounding rule needs to know about an exact magnitude `|x|` and the two numbers
/// of the format around it, at unbounded exponent range above.
///
/// A source type (a `Double`, an exact `head + tail` pair) provides these facts; the
/// rules (``RoundingRule``) decide from them alone, so every source rounds by the same
/// logic.
@usableFromInline
protocol RoundingBracket {
    /// The spacing of the format's numbers around `|x|`.
    var quantum: Double { get }
    /// The greatest number of the format (at unbounded range) not above `|x|`.
    var towardZero: Double { get }
    /// The least number of the format (at unbounded range) not below `|x|`.
    var awayFromZero: Double { get }
    /// The nearer of the two, ties to the even significand.
    var nearestEven: Double { get }
    /// Whether `|x|` is a number of the format.
    var isExact: Bool { get }
    /// Whether `|x|` lies exactly halfway between the two.
    var isTie: Bool { get }
    /// Whether ``towardZero``'s last significand bit is 1.
    var towardZeroIsOdd: Bool { get }
    /// Whether stochastic rounding goes away from zero: true for
    /// `floor(f·2^R)` of the `2^R` values of the word's top `R` bits, where
    /// `f = (|x| - towardZero) / quantum` and `R` is the plan's number of random bits.
    func roundsAway(randomWord: UInt64, plan: RoundingPlan) -> Bool
    /// Stochastic rounding's result: ``awayFromZero`` where ``roundsAway(randomWord:plan:)``,
    /// else ``towardZero``; a source may decide it another way with the same outcome.
    func stochastic(randomWord: UInt64, plan: RoundingPlan) -> Double
    /// ``awayFromZero`` if `away`, else ``towardZero``: the directed modes' choice per
    /// element, which a source may make without computing both.
    func directed(awayFromZero away: Bool) -> Double
    /// The nearer of the two, ties away from zero.
    var nearestAway: Double { get }
}

extension RoundingBracket {
    /// Rounding away implies f > 0, so the value is inexact and the neighbour above is one
    /// quantum up.
    @inlinable @inline(__always)
    func stochastic(randomWord: UInt64, plan: RoundingPlan) -> Double {
        let low = towardZero
        return roundsAway(randomWord: randomWord, plan: plan) ? low + quantum : low
    }

    @inlinable @inline(__always)
    func directed(awayFromZero away: Bool) -> Double { away ? awayFromZero : towardZero }

    @inlinable var nearestAway: Double {
        @inline(__always) get { isTie ? awayFromZero : nearestEven }
    }
}
