/// IEEE-like formats are `FloatingPoint`: the classification, `ulp`, `nextUp` and the
/// exponent are the format's own (a value subnormal in the format is `isSubnormal` although
/// its `Double` is normal); the arithmetic rounds once in the context's mode.
extension Minifloat: FloatingPoint where Format: IEEEMinifloatFormat {
    public typealias Exponent = Int

    /// `±significand × 2^exponent`, rounded once (from the exact value even where it lies
    /// beyond binary64's range).
    @inlinable
    public init(sign: FloatingPointSign, exponent: Int, significand: Self) {
        let m = significand.doubleValue
        let scaled = Int(m.exponent) + exponent
        if !m.isFinite || m == 0 || (-1022...1023).contains(scaled) {
            self.init(Double(sign: sign, exponent: exponent, significand: m))
        } else {
            var value = ExactValue(m.magnitude)
            value.exponent += min(max(exponent, -1100), 1100)
            value.negative = (sign == .minus) != (m.sign == .minus)
            self.init(storing: Format.arithmetic.perform(ExactConversionOperation(.finite(value))))
        }
    }

    @inlinable
    public init(signOf sign: Self, magnitudeOf magnitude: Self) {
        self.init(storing: Double(signOf: sign.doubleValue, magnitudeOf: magnitude.doubleValue))
    }

    @inlinable
    public init(_ n: Int) {
        self.init(storing: Format.arithmetic.perform(IntegerConversionOperation(n)))
    }

    @inlinable public static var nan: Self { Self(storing: .nan) }
    /// A quiet NaN: the emulation has no signalling NaNs.
    @inlinable public static var signalingNaN: Self { Self(storing: .nan) }
    @inlinable public static var infinity: Self { Self(storing: .infinity) }
    @inlinable public static var greatestFiniteMagnitude: Self { Self(storing: Format.arithmetic.plan.maxFinite) }
    @inlinable public static var leastNormalMagnitude: Self { Self(storing: Format.arithmetic.plan.minNormal) }
    @inlinable public static var leastNonzeroMagnitude: Self { Self(storing: format.leastNonzeroMagnitude) }
    @inlinable public static var ulpOfOne: Self { Self(storing: format.ulpOfOne) }

    /// π rounded toward zero (so angles stay in their quadrant), whatever the context.
    public static var pi: Self { Self(storing: format.round(.pi, .towardZero)) }

    /// The gap from `|x|` to the next value of larger magnitude at `x`'s exponent (for the
    /// greatest finite value, the gap below ∞'s binade); NaN for NaN and ∞.
    @inlinable
    public var ulp: Self {
        guard doubleValue.isFinite else { return .nan }
        if doubleValue == 0 { return .leastNonzeroMagnitude }
        let plan = Format.arithmetic.plan
        let exponent = max(Int(doubleValue.exponent), plan.minExponent)
        return Self(storing: Double(sign: .plus, exponent: exponent - plan.precision + 1, significand: 1))
    }

    @inlinable public var sign: FloatingPointSign { doubleValue.sign }
    @inlinable public var exponent: Int { Int(doubleValue.exponent) }
    @inlinable public var significand: Self { Self(storing: doubleValue.significand) }

    @inlinable
    public mutating func formRemainder(dividingBy other: Self) { self = remainder(dividingBy: other) }

    @inlinable
    public mutating func formTruncatingRemainder(dividingBy other: Self) {
        self = truncatingRemainder(dividingBy: other)
    }

    @inlinable
    public mutating func formSquareRoot() { self = squareRoot() }

    @inlinable
    public mutating func addProduct(_ a: Self, _ b: Self) { self = addingProduct(a, b) }

    /// The least value of the format above `self` (`-0` above `-leastNonzeroMagnitude`, ∞
    /// above the greatest finite value).
    @inlinable
    public var nextUp: Self {
        Self(storing: Format.arithmetic.upwardValue(doubleValue.nextUp))
    }

    /// `self` rounded to an integer of the format by `rule` (exact; an integer beyond the
    /// greatest finite value, as 15.5 rounded up in E3M4, overflows to ∞).
    @inlinable
    public mutating func round(_ rule: FloatingPointRoundingRule) {
        self = Self(storing: Format.arithmetic.nearestValue(doubleValue.rounded(rule)))
    }

    @inlinable public func isEqual(to other: Self) -> Bool { doubleValue == other.doubleValue }
    @inlinable public func isLess(than other: Self) -> Bool { doubleValue < other.doubleValue }
    @inlinable public func isLessThanOrEqualTo(_ other: Self) -> Bool { doubleValue <= other.doubleValue }

    @inlinable
    public func isTotallyOrdered(belowOrEqualTo other: Self) -> Bool {
        doubleValue.isTotallyOrdered(belowOrEqualTo: other.doubleValue)
    }

    @inlinable public var isNormal: Bool { isFinite && doubleValue.magnitude >= Format.arithmetic.plan.minNormal }
    @inlinable public var isFinite: Bool { doubleValue.isFinite }
    @inlinable public var isZero: Bool { doubleValue == 0 }
    @inlinable
    public var isSubnormal: Bool { doubleValue != 0 && doubleValue.magnitude < Format.arithmetic.plan.minNormal }
    @inlinable public var isInfinite: Bool { doubleValue.isInfinite }
    @inlinable public var isNaN: Bool { doubleValue.isNaN }
    @inlinable public var isSignalingNaN: Bool { false }
    @inlinable public var isCanonical: Bool { true }
}
