/// One (geometry, rule) pair: rounds a single value. Array loops are specialized over it,
/// so the mode and geometry switches run once per call, not once per element.
@frozen @usableFromInline
struct RoundingKernel<Geometry: BracketGeometry, Rule: RoundingRule> {
    @usableFromInline let plan: RoundingPlan

    @inlinable
    init(plan: RoundingPlan) { self.plan = plan }

    /// `x` rounded; stochastic rules read `randomWord`.
    @inlinable @inline(__always)
    func round(_ x: Double, randomWord: UInt64) -> Double {
        if Rule.direction != 0 && Geometry.isPlain {
            return roundSigned(x, up: Rule.direction > 0)
        }
        if Rule.carriesRandomBits && Geometry.isShifter { return roundByCarry(x, randomWord: randomWord) }
        let bracket = Geometry.bracket(x.magnitude, plan)
        let negative = x.bitPattern &>> 63 != 0
        let magnitude = Rule.magnitude(bracket, negative: negative, randomWord: randomWord, plan: plan)
        return finish(magnitude, source: x, negative: negative)
    }

    /// Up and down on signed values, for plain formats: the same results as the magnitude
    /// path, with a third of its operations.
    ///
    /// `n` is the nearest-even neighbour of `|x|` with `x`'s sign; up steps one quantum up
    /// where `n < x` (down: down where `n > x`), which on either side of zero is the neighbour
    /// the mode picks (exact, as in ``DoubleBracket``). A zero result keeps `x`'s sign (the OR
    /// turns `-q + q = +0` into -0 for negative `x`). Overflow, by IEEE 754 §7.4: up takes
    /// finite `x` below `-max` to `-max` and positive overflow to "∞"; down the reverse.
    /// `x - x` is NaN exactly for infinite (and NaN) `x`, so the bound `(x - x) ∓ max` is NaN
    /// there and the maximum (minimum), written with the bound first, leaves ±∞ as they are
    /// (a subtraction rather than `x·0`, which would queue behind the bracket's multiplications).
    /// Then the overflow: two exact scalings take magnitudes above `max` to ∞, saturation
    /// clamps to `±max` (infinite inputs included, as that behaviour says), and where the plan
    /// says what "∞" becomes (NaN for E4M3), what is still above `max` in magnitude (overflow
    /// away from zero, or an infinite input) becomes that value with `x`'s sign, as in
    /// ``RoundingPlan/finish(_:source:overflowMagnitude:isPlain:mayLackZero:overflowIsInfinity:staticOverflow:)``.
    @inlinable @inline(__always)
    func roundSigned(_ x: Double, up: Bool) -> Double {
        let bracket = Geometry.bracket(x.magnitude, plan)
        let sign = x.bitPattern & (1 << 63)
        let n = Double(bitPattern: bracket.nearestEven.bitPattern | sign)
        let steps = up ? n < x : n > x
        let step = Double(bitPattern: bracket.quantum.bitPattern & (steps ? ~0 : 0))
        let r = Double(bitPattern: (up ? n + step : n - step).bitPattern | sign)
        return overflowSigned(r, source: x, up: up)
    }

    /// `x` rounded by the hardware's addition in ``RoundingRule/hardwareDirection``, which
    /// must be the thread's rounding direction (``HardwareDirection``): up and down on signed
    /// values, toward zero on the magnitude.
    ///
    /// - Precondition: the plan's ``RoundingPlan/directsByHardware``, a plain shifter
    ///   geometry, and a rule with a hardware direction.
    @inlinable @inline(__always)
    func roundInHardwareDirection(_ x: Double) -> Double {
        if Rule.direction != 0 { return roundSignedInHardwareDirection(x, up: Rule.direction > 0) }
        return roundTowardZeroInHardwareDirection(x)
    }

    /// Toward zero: `|x|` rounded toward zero by the shifter `S = b·2^(53-p)`, whose ulp is
    /// the quantum `q` of `|x|`'s binade `b`. For `|x| < 2b ≤ S` the sum `|x| + S` lies in
    /// `[S, 2S)`, so rounding it down floors `|x|` to a multiple of `q`, and `- S` is exact
    /// (an exact zero is +0 toward zero, where toward -∞ would give -0).
    /// In the overflow range (`b` clamped to `2^emax`) the floor stays exact below `S`, so at
    /// least `2^(emax+1)`, and from `S ≥ 2^(emax+3)` (p ≤ 50) on each operation moves it by
    /// less than an ulp: beyond the greatest finite value either way, which the minimum then
    /// gives. `|x| - |x|` is NaN exactly for infinite (and NaN) `x`, so the bound is NaN there
    /// and the minimum, written with it first, leaves ∞ to the overflow behaviour (+∞, NaN or
    /// the greatest finite value).
    @inlinable @inline(__always)
    func roundTowardZeroInHardwareDirection(_ x: Double) -> Double {
        let a = x.magnitude
        let shifter = ShifterGeometry.binade(a, plan) * plan.shifterScale
        let floor = (a + shifter) - shifter
        let maxFinite = plan.maxFinite
        var m: Double
        if Geometry.overflow == .saturation {
            m = floor > maxFinite ? maxFinite : floor
        } else {
            let bound = (a - a) + maxFinite
            m = bound < floor ? bound : floor
            if Geometry.overflow == .fromPlan { m = m > maxFinite ? plan.infinityReplacement : m }
        }
        return Double(bitPattern: m.bitPattern | (x.bitPattern & (1 << 63)))
    }

    /// Up and down on signed values, by one addition in the thread's rounding direction,
    /// which must be the mode's (``HardwareDirection``): the same results as
    /// ``roundSigned(_:up:)``, with two fewer comparisons and additions and a shorter chain.
    ///
    /// With `b` the binade that sets `|x|`'s quantum `q`, the shifter `S = 1.5·b·2^(53-p)`
    /// lies in `[2^k, 2^(k+1))` with `2^k = b·2^(53-p)`, whose ulp is `q`. For `|x| ≤ 2^(k-1)`
    /// (every `|x|` below `2^(emax+1)`, as p ≤ 50) the sum `x + S` lies in that binade, so
    /// rounding it in the mode's direction rounds `x` to a multiple of `q` in that direction,
    /// and `- S` is exact (Sterbenz). Above `2^(k-1)`, in the overflow range, each of the
    /// two operations moves the result by less than an ulp in the mode's direction, so it
    /// stays beyond `2^(emax+1)(1 - 2^-50)`, past the greatest finite value, on the input's
    /// side, where the overflow step takes it (p ≤ 50 gives the margin).
    ///
    /// An exact zero sum is +0 toward +∞ and -0 toward -∞; the sign then comes from `x`: up
    /// ORs in a negative sign (-0 for `-q < x ≤ -0`), down clears the sign of a zero from a
    /// positive `x` (ANDing with `x`'s bits ORed with the magnitude mask). Infinities pass
    /// through the additions; a NaN stays NaN.
    ///
    /// - Precondition: the plan's ``RoundingPlan/directsByHardware``, a plain shifter
    ///   geometry, and the thread's direction toward +∞ when `up`, else toward -∞.
    @inlinable @inline(__always)
    func roundSignedInHardwareDirection(_ x: Double, up: Bool) -> Double {
        let shifter = ShifterGeometry.binade(x, plan) * plan.signedShifterScale
        let sum = (x + shifter) - shifter
        let r =
            up
            ? Double(bitPattern: sum.bitPattern | (x.bitPattern & (1 << 63)))
            : Double(bitPattern: sum.bitPattern & (x.bitPattern | ~(1 << 63)))
        return overflowSigned(r, source: x, up: up)
    }

    /// The overflow step of up and down on signed values: `r` is the result at unbounded
    /// range, with `x`'s sign (see ``roundSigned(_:up:)``).
    @inlinable @inline(__always)
    func overflowSigned(_ r: Double, source x: Double, up: Bool) -> Double {
        let maxFinite = plan.maxFinite
        if Geometry.overflow == .saturation {
            let low = r < -maxFinite ? -maxFinite : r
            return low > maxFinite ? maxFinite : low
        }
        let bound = (x - x) + (up ? -maxFinite : maxFinite)
        let clamped = up ? (bound > r ? bound : r) : (bound < r ? bound : r)
        if Geometry.overflow == .infinity { return clamped * plan.overflowScale * plan.overflowUnscale }
        let infinity = Double(bitPattern: plan.infinityReplacement.bitPattern | (x.bitPattern & (1 << 63)))
        return clamped.magnitude > maxFinite ? infinity : clamped
    }

    /// Proportional stochastic rounding with R ≤ 53 - p random bits as one integer addition:
    /// the same results as ``DoubleBracket/stochastic(randomWord:plan:)``, without the bracket.
    ///
    /// Let `a = |x|` lie in a binade at or above `2^emin`, with ulp `h` and quantum `q = h·2^L`,
    /// `L = 53 - p`. Its last L fraction bits are `D = d/h`, where `d = a - towardZero` is a
    /// multiple of `h`. With `k` the word's top R bits, adding `r = (2^R - 1 - k)·2^(L-R)` to
    /// the bits carries into the kept ones exactly when `D + r ≥ 2^L`, that is
    /// `D ≥ (k + 1)·2^(L-R)`, that is `d ≥ (k + 1)·2^-R·q`: the bracket's decision. Clearing the
    /// last L bits then leaves `towardZero` or `towardZero + q` (a carry into the exponent is
    /// the next binade's least value, as it should be). Above `2^(emax+1)` both ways overflow.
    ///
    /// Below `2^emin` the quantum is that of `2^emin`'s binade, so `c = 2^emin` is added
    /// first: `y = c + a` lies in `[c, 2c]`, where `h = 2^(emin-52)`. The addition may round
    /// `a`'s bits below `h` up (`y - c` is exact, and exceeds `a` exactly then); there one unit
    /// less is `⌊(c + a)/h⌋·h`. Its `D` is `⌊d/h⌋`, and `⌊d/h⌋ ≥ (k + 1)·2^(L-R)` (an integer)
    /// exactly when `d/h` is. Then `c` comes off exactly (Sterbenz).
    ///
    /// Infinity keeps its bits (its last L are zero and `r < 2^L`). A NaN's payload could carry
    /// into the sign bit, so the quiet NaN `y` is ORed into its result, which stays NaN.
    /// `finish` then applies overflow and the sign.
    @inlinable @inline(__always)
    func roundByCarry(_ x: Double, randomWord: UInt64) -> Double {
        let a = x.magnitude
        let c = Double(bitPattern: plan.minNormal.bitPattern & (a < plan.minNormal ? ~0 : 0))
        let y = c + a
        let floored = y.bitPattern &+ (y - c > a ? ~0 : 0)
        let r = ~(randomWord &>> plan.carryShift) & plan.carryMask
        let rounded = Double(bitPattern: (floored &+ r) & plan.keepMask) - c
        // A NaN `y` (quiet) ORed in keeps the result NaN: a compare and two bit operations, where
        // `a.isNaN` becomes an integer class test and a select of it a branch.
        let nan = Double(bitPattern: rounded.bitPattern | (y.bitPattern & (y != y ? ~0 : 0)))
        return finish(nan, source: x, negative: x.bitPattern &>> 63 != 0)
    }

    /// The plan's finishing step with this kernel's static facts.
    @inlinable @inline(__always)
    func finish(_ magnitude: Double, source x: Double, negative: Bool) -> Double {
        plan.finish(
            magnitude, source: x, overflowMagnitude: Rule.overflowMagnitude(negative: negative, plan: plan),
            isPlain: Geometry.isPlain, mayLackZero: Geometry.mayLackZero, overflowIsInfinity: Rule.overflowIsInfinity,
            staticOverflow: Geometry.overflow)
    }

    /// The exact value `head + tail` rounded once.
    @inlinable
    func round(head: Double, tail: Double, randomWord: UInt64) -> Double {
        if tail == 0 { return round(head, randomWord: randomWord) }
        guard head.isFinite && tail.isFinite else { return round(head + tail, randomWord: randomWord) }
        let exact = ExactValue.sum(ExactValue(head), ExactValue(tail))
        // An exact zero takes the sign the hardware gives the sum (+0 unless both are -0).
        if exact.isZero { return round(head + tail, randomWord: randomWord) }
        return round(exact, randomWord: randomWord)
    }

    /// A nonzero exact value rounded once.
    @inlinable
    func round(_ exact: ExactValue, randomWord: UInt64) -> Double {
        let sign: Double = exact.negative ? -1 : 1
        guard let bracket = ExactBracket(exact, plan: plan) else {
            return finish(.infinity, source: sign, negative: exact.negative)
        }
        let magnitude = Rule.magnitude(bracket, negative: exact.negative, randomWord: randomWord, plan: plan)
        return finish(magnitude, source: sign, negative: exact.negative)
    }
}

/// Work to run with the kernel of a rounder's (geometry, mode), statically specialized.
@usableFromInline
protocol KernelVisitor {
    associatedtype Output
    func visit<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>) -> Output
}

extension FloatRounder {
    /// Runs `visitor` with the kernel for this rounder's geometry and mode.
    @inlinable
    func withKernel<V: KernelVisitor>(_ visitor: V) -> V.Output {
        plan.withKernel(mode: mode, visitor)
    }
}

extension RoundingPlan {
    /// Runs `visitor` with the kernel for this plan's geometry and `mode`: the two switches
    /// every caller goes through, once per call.
    @inlinable
    func withKernel<V: KernelVisitor>(mode: RoundingMode, _ visitor: V) -> V.Output {
        Self.withKernel(of: self, mode: mode, visitor)
    }

    /// ``withKernel(mode:_:)`` for a plan read where it is stored: each kernel copies the
    /// fields it reads, instead of the caller copying the whole plan to pass it.
    @inlinable
    static func withKernel<V: KernelVisitor>(at plan: UnsafePointer<Self>, mode: RoundingMode, _ visitor: V) -> V.Output {
        withKernel(of: plan, mode: mode, visitor)
    }

    @inlinable
    static func withKernel<V: KernelVisitor, Plan: PlanReference>(of plan: Plan, mode: RoundingMode, _ visitor: V)
        -> V.Output
    {
        switch plan.geometry {
        case .shifter: withRule(plan, mode, visitor, ShifterGeometry.self)
        case .shifterOverflowingToInfinity: withRule(plan, mode, visitor, ShifterOverflowingToInfinityGeometry.self)
        case .shifterSaturating: withRule(plan, mode, visitor, ShifterSaturatingGeometry.self)
        case .shifterWithoutNegativeZero: withRule(plan, mode, visitor, ShifterWithoutNegativeZeroGeometry.self)
        case .fullPrecision: withRule(plan, mode, visitor, FullPrecisionGeometry.self)
        case .general: withRule(plan, mode, visitor, GeneralGeometry.self)
        }
    }

    /// Runs `visitor` with the nearest-even kernel for this plan's geometry, inlined whole:
    /// the path of every scalar operation outside a rounding context.
    @inlinable @inline(__always)
    func withNearestEvenKernel<V: KernelVisitor>(_ visitor: V) -> V.Output {
        switch geometry {
        case .shifter: visitor.visit(RoundingKernel<ShifterGeometry, NearestEvenRule>(plan: self))
        case .shifterOverflowingToInfinity:
            visitor.visit(RoundingKernel<ShifterOverflowingToInfinityGeometry, NearestEvenRule>(plan: self))
        case .shifterSaturating: visitor.visit(RoundingKernel<ShifterSaturatingGeometry, NearestEvenRule>(plan: self))
        case .shifterWithoutNegativeZero:
            visitor.visit(RoundingKernel<ShifterWithoutNegativeZeroGeometry, NearestEvenRule>(plan: self))
        case .fullPrecision: visitor.visit(RoundingKernel<FullPrecisionGeometry, NearestEvenRule>(plan: self))
        case .general: visitor.visit(RoundingKernel<GeneralGeometry, NearestEvenRule>(plan: self))
        }
    }

    @inlinable
    static func withRule<V: KernelVisitor, G: BracketGeometry, Plan: PlanReference>(
        _ plan: Plan, _ mode: RoundingMode, _ visitor: V, _: G.Type
    ) -> V.Output {
        switch mode {
        case .toNearestOrEven: visitor.visit(plan.kernel(G.self, NearestEvenRule.self))
        case .toNearestOrAwayFromZero: visitor.visit(plan.kernel(G.self, NearestAwayRule.self))
        case .up: visitor.visit(plan.kernel(G.self, UpRule.self))
        case .down: visitor.visit(plan.kernel(G.self, DownRule.self))
        case .towardZero: visitor.visit(plan.kernel(G.self, TowardZeroRule.self))
        case .awayFromZero: visitor.visit(plan.kernel(G.self, AwayFromZeroRule.self))
        case .toOdd: visitor.visit(plan.kernel(G.self, OddRule.self))
        case .stochastic:
            if G.isShifter && plan.randomBitsFitFraction {
                visitor.visit(plan.kernel(G.self, StochasticByCarryRule.self))
            } else {
                visitor.visit(plan.kernel(G.self, StochasticRule.self))
            }
        case .stochasticEqual: visitor.visit(plan.kernel(G.self, StochasticEqualRule.self))
        }
    }
}

/// A plan, or where one is stored: what the kernel dispatch reads, so that a plan kept in
/// shared memory is read in place rather than copied whole to be passed.
@usableFromInline
protocol PlanReference {
    var geometry: RoundingPlan.Geometry { get }
    var randomBitsFitFraction: Bool { get }
    func kernel<G: BracketGeometry, R: RoundingRule>(_: G.Type, _: R.Type) -> RoundingKernel<G, R>
}

extension RoundingPlan: PlanReference {
    @inlinable @inline(__always)
    func kernel<G: BracketGeometry, R: RoundingRule>(_: G.Type, _: R.Type) -> RoundingKernel<G, R> {
        RoundingKernel(plan: self)
    }
}

extension UnsafePointer: PlanReference where Pointee == RoundingPlan {
    @inlinable @inline(__always)
    var geometry: RoundingPlan.Geometry { pointee.geometry }

    @inlinable @inline(__always)
    var randomBitsFitFraction: Bool { pointee.randomBitsFitFraction }

    @inlinable @inline(__always)
    func kernel<G: BracketGeometry, R: RoundingRule>(_: G.Type, _: R.Type) -> RoundingKernel<G, R> {
        RoundingKernel(plan: pointee)
    }
}
