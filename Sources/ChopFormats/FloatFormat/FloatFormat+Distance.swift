extension FloatFormat {
    /// Whether `x` is a value of the format or lies exactly halfway between two neighbours
    /// (at unbounded exponent range above): the only doubles at which an arbitrarily small
    /// change of the exact value can change a deterministic rounding.
    ///
    /// A reader of decimal text uses it to decide when the sign of the difference between a
    /// decimal and its nearest double matters.
    public func isRoundingBoundary(_ x: Double) -> Bool {
        preparedRounder(.toNearestOrEven).isRoundingBoundary(x)
    }

    /// The distance from `reference` to `value` in units in the last place of this format.
    ///
    /// When both are values of the format it is the number of format values between them
    /// plus one (so adjacent values are 1 apart, and +0 and -0 are 0 apart); otherwise it is
    /// `|value - reference|` divided by the format's quantum at `reference`. Two NaNs, or
    /// equal infinities, are 0 apart; NaN against a number, or an infinity against anything
    /// else, is infinitely far.
    public func ulpDistance(_ value: Double, from reference: Double) -> Double {
        if value.isNaN || reference.isNaN { return value.isNaN && reference.isNaN ? 0 : .infinity }
        if value.isInfinite || reference.isInfinite { return value == reference ? 0 : .infinity }
        if let a = ordinal(of: value), let b = ordinal(of: reference) {
            return Double(a > b ? a - b : b - a)
        }
        return (value - reference).magnitude / quantum(at: reference)
    }

    /// The spacing of the format's values in the binade of `x` (the subnormal spacing below
    /// the least normal magnitude; `2^emin` there in a format without subnormals).
    public func quantum(at x: Double) -> Double {
        let magnitude = x.magnitude
        if magnitude < leastNormalMagnitude {
            return hasSubnormals ? leastNonzeroMagnitude : leastNormalMagnitude
        }
        let exponent = Swift.min(Int(magnitude.exponent), maxExponent)
        return .powerOfTwo(exponent - precision + 1)
    }

    /// The position of a value of the format on the number line, counting values from zero
    /// (negative below zero); nil when `x` is not a value of the format.
    func ordinal(of x: Double) -> Int64? {
        guard x.isFinite, let code = try? encode(x) else { return nil }
        let magnitudeBits = isSigned ? code & ~(UInt64(1) << UInt64(bitWidth - 1)) : code
        // Codes of the same sign increase with magnitude; where zero is not a value (E8M0) the
        // count still starts at the least value, which is fine for differences.
        let position = Int64(truncatingIfNeeded: magnitudeBits)
        return x.sign == .minus && x != 0 ? -position : position
    }
}

extension FloatRounder {
    /// ``FloatFormat/isRoundingBoundary(_:)`` with this rounder's prepared constants (the
    /// answer does not depend on the mode).
    public func isRoundingBoundary(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        return withKernel(BoundaryVisitor(value: x))
    }
}

/// Whether a magnitude is a value of the format or a midpoint, from the core's bracket.
struct BoundaryVisitor: KernelVisitor {
    let value: Double

    func visit<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>) -> Bool {
        let bracket = G.bracket(value.magnitude, kernel.plan)
        return bracket.isExact || bracket.isTie
    }
}
