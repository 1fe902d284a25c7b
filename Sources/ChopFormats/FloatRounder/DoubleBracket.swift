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

    @inlinable @inline(__always)
    init(magnitude: Double, quantum: Double, nearestEven: Double) {
        self.magnitude = magnitude
        self.quantum = quantum
        self.nearestEven = nearestEven
    }

    @inlinable var towardZero: Double {
        @inline(__always) get { nearestEven > magnitude ? nearestEven - quantum : nearestEven }
    }

    @inlinable var awayFromZero: Double {
        @inline(__always) get { nearestEven < magnitude ? nearestEven + quantum : nearestEven }
    }

    @inlinable var isExact: Bool {
        @inline(__always) get { nearestEven == magnitude }
    }

    @inlinable var isTie: Bool {
        @inline(__always) get { (magnitude - towardZero) * 2 == quantum }
    }

    @inlinable var towardZeroIsOdd: Bool {
        @inline(__always) get {
            let multiple = towardZero / quantum  // an integer below 2^54 for finite input
            return multiple < 0x1p62 && Int64(multiple) & 1 != 0
        }
    }

    @inlinable @inline(__always)
    func roundsAway(randomWord: UInt64, plan: RoundingPlan) -> Bool {
        let fraction = (magnitude - towardZero) / quantum
        // 1 + k·2^-R from the word's top R bits k, then (k + 1)·2^-R exactly.
        let uniform = Double(bitPattern: 0x3FF0_0000_0000_0000 | ((randomWord &>> 12) & plan.randomMask))
        return (uniform - 1) + plan.randomStep <= fraction
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
    static func bracket(_ magnitude: Double, _ plan: RoundingPlan) -> DoubleBracket
}

/// p ≤ 52 with a finite shifter: the common case.
@usableFromInline
enum ShifterGeometry: BracketGeometry {
    @inlinable @inline(__always)
    static func bracket(_ a: Double, _ plan: RoundingPlan) -> DoubleBracket {
        let binade = Double(bitPattern: a.bitPattern & 0x7FF0_0000_0000_0000)
        var b = binade < plan.minNormal ? plan.lowBinade : binade
        b = b > plan.highBinade ? plan.highBinade : b
        let shifter = b * plan.shifterScale
        return DoubleBracket(magnitude: a, quantum: b * plan.quantumScale, nearestEven: (a + shifter) - shifter)
    }
}

/// p = 53: normal magnitudes are exact; below `2^emin` the shifter `2^emin` (or
/// `2^(emin+52)` without subnormals) rounds.
@usableFromInline
enum FullPrecisionGeometry: BracketGeometry {
    @inlinable @inline(__always)
    static func bracket(_ a: Double, _ plan: RoundingPlan) -> DoubleBracket {
        let binade = Double(bitPattern: a.bitPattern & 0x7FF0_0000_0000_0000)
        let isLow = binade < plan.minNormal
        let b = isLow ? plan.lowBinade : binade
        let shifter = b * plan.shifterScale
        return DoubleBracket(
            magnitude: a, quantum: b * plan.quantumScale, nearestEven: isLow ? (a + shifter) - shifter : a)
    }
}

/// p ≤ 52 with emax so large that `2^(emax + 53 - p)` overflows: magnitudes of at least
/// 2^512 are scaled by 2^-512 (exactly) before the shifter is applied.
@usableFromInline
enum ScaledShifterGeometry: BracketGeometry {
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
            magnitude: a, quantum: b * plan.quantumScale * up, nearestEven: ((scaled + shifter) - shifter) * up)
    }
}
