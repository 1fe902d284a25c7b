/// The bracket of a `Double` magnitude, found with floating-point operations only (the
/// geometry supplies the quantum and the nearest-even candidate).
///
/// Every operation here is exact: the candidates are multiples of the quantum within one
/// quantum of the magnitude, so their differences with it are representable.
@frozen @usableFromInline
struct DoubleBracket: RoundingBracket {
    @usableFromInline let magnitude: Double
    @usableFromInline let quantum: Double
    @usableFromInline let nearestEven: Double
    /// `1/b` for the binade b that sets the quantum (`quantum = b·2^(1-p)`): multiplying by
    /// it and by `2^(p-1)` divides by the quantum exactly, without a division.
    @usableFromInline let inverseBinade: Double
    /// `2^(p-1)`.
    @usableFromInline let inverseQuantumScale: Double
    /// Whether `quantum · 2^-52` is a normal double for every magnitude (the shifter
    /// geometries guarantee it): then stochastic rounding compares with a threshold that is
    /// one exact multiplication of the quantum. A constant of the geometry, folded away.
    @usableFromInline let quantumScalesExactly: Bool

    @inlinable @inline(__always)
    init(
        magnitude: Double, quantum: Double, nearestEven: Double, inverseBinade: Double, plan: RoundingPlan,
        quantumScalesExactly: Bool = false
    ) {
        self.magnitude = magnitude
        self.quantum = quantum
        self.nearestEven = nearestEven
        self.inverseBinade = inverseBinade
        self.inverseQuantumScale = plan.inverseQuantumScale
        self.quantumScalesExactly = quantumScalesExactly
    }

    /// `quantum` where `condition` holds, else +0, as an AND with the comparison's mask. The
    /// neighbours are the nearest-even candidate plus or minus this: a compare, an AND and an
    /// add per element in SIMD code, where a select between two sums costs two more
    /// operations (the compiler keeps the integer AND; it folds a select of 0 into the sum).
    @inlinable @inline(__always)
    func quantum(if condition: Bool) -> Double {
        Double(bitPattern: quantum.bitPattern & (condition ? ~0 : 0))
    }

    @inlinable var towardZero: Double {
        @inline(__always) get { nearestEven - quantum(if: nearestEven > magnitude) }
    }

    @inlinable var awayFromZero: Double {
        @inline(__always) get { nearestEven + quantum(if: nearestEven < magnitude) }
    }

    /// One comparison whatever `away` is: the distance `|x| - nearestEven` and the quantum
    /// both take the sign flip of "toward zero", so the step is `±quantum` exactly when
    /// `±distance > 0`.
    @inlinable @inline(__always)
    func directed(awayFromZero away: Bool) -> Double {
        let flip: UInt64 = away ? 0 : 1 << 63
        let distance = Double(bitPattern: (magnitude - nearestEven).bitPattern ^ flip)
        return nearestEven + Double(bitPattern: (quantum.bitPattern ^ flip) & (distance > 0 ? ~0 : 0))
    }

    /// A tie lies half a quantum above the nearest-even candidate exactly when that candidate
    /// is the one toward zero; ties away from zero then go one quantum further.
    @inlinable var nearestAway: Double {
        @inline(__always) get { nearestEven + quantum(if: (magnitude - nearestEven) * 2 == quantum) }
    }

    @inlinable var isExact: Bool {
        @inline(__always) get { nearestEven == magnitude }
    }

    @inlinable var isTie: Bool {
        @inline(__always) get { (magnitude - towardZero) * 2 == quantum }
    }

    /// `towardZero / quantum` is an integer below 2^p; half of it is an integer exactly
    /// when it is even, and adding and subtracting 2^52 leaves a double below 2^52 unchanged
    /// exactly when it is an integer.
    @inlinable var towardZeroIsOdd: Bool {
        @inline(__always) get {
            let half = towardZero * inverseBinade * inverseQuantumScale * 0.5
            return (half + 0x1p52) - 0x1p52 != half
        }
    }

    /// The step is the quantum ANDed with the decision's mask rather than a select.
    @inlinable @inline(__always)
    func stochastic(randomWord: UInt64, plan: RoundingPlan) -> Double {
        let low = towardZero
        return low + quantum(if: roundsAway(randomWord: randomWord, plan: plan))
    }

    /// With `d = |x| - towardZero` (exact, in `[0, q)`) and the word's top R bits `k`: away
    /// from zero exactly when `(k + 1)·2^-R ≤ d/q`. `1 + k·2^-R` plus `2^-R - 1` is
    /// `(k + 1)·2^-R` exactly. Where the quantum scales exactly, the comparison is
    /// `(k + 1)·2^-R·q ≤ d`, one exact multiplication (a normal double at least `q·2^-52`);
    /// otherwise `d/q` by two exact multiplications.
    @inlinable @inline(__always)
    func roundsAway(randomWord: UInt64, plan: RoundingPlan) -> Bool {
        let distance = magnitude - towardZero
        let threshold = Double(bitPattern: 0x3FF0_0000_0000_0000 | ((randomWord &>> 12) & plan.randomMask)) + plan.randomOffset
        if quantumScalesExactly { return threshold * quantum <= distance }
        return threshold <= distance * inverseBinade * inverseQuantumScale
    }
}

/// How a `Double` magnitude's quantum and nearest-even candidate are found.
///
/// The quantum of `a` is `b · 2^(1-p)`, where the binade `b = 2^floor(log2 a)` comes from
/// the exponent bits and is clamped to `[lowBinade, 2^emax]`. Adding and subtracting the
/// shifter `C = b · 2^(53-p)`, whose ulp is the quantum, rounds `a` to a multiple of the
/// quantum in the hardware's round-to-nearest-even mode: `(a + C) - C`.
@usableFromInline
protocol BracketGeometry {
    /// Whether the formats this geometry serves are "plain": with subnormals and signed
    /// zeros (so signed, with zero). Then the unsigned-zero sign rule and the check for
    /// unsigned inputs are skipped.
    static var isPlain: Bool { get }
    /// Whether a format this geometry serves may lack a zero (E8M0): only then is the least
    /// magnitude a floor. Formats with subnormals have a zero.
    static var mayLackZero: Bool { get }
    /// What overflow gives in the plans this geometry serves, where the kernel's choice fixes
    /// it: then the finishing step needs no compare and select for it.
    static var overflow: StaticOverflow { get }
    /// Whether this is ``ShifterGeometry`` or one of its variants: plain or sign-free formats
    /// with subnormals, p ≤ 52, whose every quantum times 2^-52 is normal.
    static var isShifter: Bool { get }
    static func bracket(_ magnitude: Double, _ plan: RoundingPlan) -> DoubleBracket
}

/// What overflow gives, where a kernel's geometry fixes it (see ``BracketGeometry/overflow``).
@usableFromInline
enum StaticOverflow: Sendable {
    /// Whatever the plan's behaviour says, read per element: a compare and a select.
    case fromPlan
    /// +∞, with emax ≥ 1: the modes that overflow to "∞" take magnitudes above the greatest
    /// finite value to +∞ by the plan's two exact scalings (``RoundingPlan/overflowScale``).
    case infinity
    /// The greatest finite value, in every mode and for infinite inputs: one minimum.
    case saturation
}

/// Plain formats with p ≤ 52 and a finite shifter: all the common ones. The low clamp is a
/// maximum, since the low binade is `2^emin`.
@usableFromInline
enum ShifterGeometry: BracketGeometry {
    @inlinable static var isPlain: Bool { true }
    @inlinable static var mayLackZero: Bool { false }
    @inlinable static var overflow: StaticOverflow { .fromPlan }
    @inlinable static var isShifter: Bool { true }

    @inlinable @inline(__always)
    static func bracket(_ a: Double, _ plan: RoundingPlan) -> DoubleBracket {
        let b = binade(a, plan)
        let shifter = b * plan.shifterScale
        return DoubleBracket(
            magnitude: a, quantum: b * plan.quantumScale, nearestEven: (a + shifter) - shifter,
            inverseBinade: reciprocalOfPowerOfTwo(b), plan: plan, quantumScalesExactly: true)
    }

    /// The binade that sets the quantum of `x` (of either sign): its exponent bits clamped to
    /// `[2^emin, 2^emax]` (`2^emax` for infinities and NaNs).
    @inlinable @inline(__always)
    static func binade(_ x: Double, _ plan: RoundingPlan) -> Double {
        let binade = Double(bitPattern: x.bitPattern & 0x7FF0_0000_0000_0000)
        // Written with the binade as the kept operand: SSE2's two-operand max and min then
        // take the constant from memory instead of copying it first (the binade is never NaN).
        let b = binade > plan.minNormal ? binade : plan.minNormal
        return b < plan.highBinade ? b : plan.highBinade
    }
}

/// A geometry with ``ShifterGeometry``'s bracket that differs from it only in what it says of
/// its plans (``BracketGeometry/isPlain``, ``BracketGeometry/overflow``): each is a kernel of
/// its own, so those facts fold away in the loops.
@usableFromInline
protocol ShifterVariant: BracketGeometry {}

extension ShifterVariant {
    /// Formats with subnormals have a zero.
    @inlinable static var mayLackZero: Bool { false }
    @inlinable static var isShifter: Bool { true }

    @inlinable @inline(__always)
    static func bracket(_ a: Double, _ plan: RoundingPlan) -> DoubleBracket {
        ShifterGeometry.bracket(a, plan)
    }
}

/// ``ShifterGeometry``'s bracket for plans whose overflow gives +∞ (binary16, bfloat16, E5M2,
/// TF32 with the default behaviour): there the nearest and stochastic modes overflow by the
/// plan's two exact scalings (two multiplications) instead of a compare and select (four or
/// five SSE2 instructions).
@usableFromInline
enum ShifterOverflowingToInfinityGeometry: ShifterVariant {
    @inlinable static var isPlain: Bool { true }
    @inlinable static var overflow: StaticOverflow { .infinity }
}

/// ``ShifterGeometry``'s bracket for saturating plans (FP6 and FP4 by default, MX and NVFP4
/// elements, and any format asked to saturate): every mode's overflow and every infinite input
/// give the greatest finite value, one minimum where the plan's behaviour costs the directed
/// modes three selects.
@usableFromInline
enum ShifterSaturatingGeometry: ShifterVariant {
    @inlinable static var isPlain: Bool { true }
    @inlinable static var overflow: StaticOverflow { .saturation }
}

/// ``ShifterGeometry``'s bracket for formats with subnormals whose zero has no sign, or that
/// have no sign at all (the `fnuz` FP8 formats, P3109's, unsigned scales): the finish then
/// applies the zero-sign and unsigned-input rules, but the bracket needs none of the general
/// geometry's selects.
@usableFromInline
enum ShifterWithoutNegativeZeroGeometry: ShifterVariant {
    @inlinable static var isPlain: Bool { false }
    @inlinable static var overflow: StaticOverflow { .fromPlan }
}

/// p = 53: normal magnitudes are exact; below `2^emin` the shifter `2^emin` (or
/// `2^(emin+52)` without subnormals) rounds. Only custom IEEE formats have p = 53, and
/// they are signed with zero.
@usableFromInline
enum FullPrecisionGeometry: BracketGeometry {
    @inlinable static var isShifter: Bool { false }
    @inlinable static var isPlain: Bool { true }
    @inlinable static var mayLackZero: Bool { false }
    @inlinable static var overflow: StaticOverflow { .fromPlan }

    @inlinable @inline(__always)
    static func bracket(_ a: Double, _ plan: RoundingPlan) -> DoubleBracket {
        let binade = Double(bitPattern: a.bitPattern & 0x7FF0_0000_0000_0000)
        let isLow = binade < plan.minNormal
        let b = isLow ? plan.lowBinade : binade
        let shifter = b * plan.shifterScale
        // b can be 2^1023, whose reciprocal is subnormal; there the magnitude is exact and
        // the (zero) reciprocal is never needed.
        return DoubleBracket(
            magnitude: a, quantum: b * plan.quantumScale, nearestEven: isLow ? (a + shifter) - shifter : a,
            inverseBinade: reciprocalOfPowerOfTwo(b), plan: plan)
    }
}

/// Everything else with p ≤ 52: no subnormals (the quantum below `2^emin` is `2^emin`;
/// E8M0, which has no zero and no sign, among them), or emax so large that
/// `2^(emax + 53 - p)` overflows, in which case magnitudes of at least 2^512 are scaled by
/// 2^-512 (exactly) before the shifter, or emin so low that the least quantum times 2^-52 is
/// subnormal (stochastic rounding then divides by the quantum in two exact steps).
@usableFromInline
enum GeneralGeometry: BracketGeometry {
    @inlinable static var isShifter: Bool { false }
    @inlinable static var isPlain: Bool { false }
    @inlinable static var mayLackZero: Bool { true }
    @inlinable static var overflow: StaticOverflow { .fromPlan }

    @inlinable @inline(__always)
    static func bracket(_ a: Double, _ plan: RoundingPlan) -> DoubleBracket {
        let isHuge = a >= 0x1p512
        let down = isHuge ? 0x1p-512 : 1.0
        let up = isHuge ? 0x1p512 : 1.0
        let scaled = a * down
        let binade = Double(bitPattern: scaled.bitPattern & 0x7FF0_0000_0000_0000)
        var b = binade < plan.minNormal * down ? plan.lowBinade * down : binade
        b = b > plan.highBinade * down ? plan.highBinade * down : b
        let shifter = b * plan.shifterScale
        return DoubleBracket(
            magnitude: a, quantum: b * plan.quantumScale * up, nearestEven: ((scaled + shifter) - shifter) * up,
            inverseBinade: 1 / (b * up), plan: plan)
    }
}

/// `1/b` for a power of two `2^-1022 ≤ b ≤ 2^1022`, from its bits: the exponent negated.
@inlinable @inline(__always)
func reciprocalOfPowerOfTwo(_ b: Double) -> Double {
    Double(bitPattern: 0x7FE0_0000_0000_0000 &- b.bitPattern)
}
