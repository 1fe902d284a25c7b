/// The arithmetic of every format: each result is the exact one rounded once, in the mode of
/// the current ``RoundingContext`` (see ``FloatRounder`` for IEEE 754's special cases).
extension Minifloat {
    @inlinable
    static func rounding(_ operation: some ArithmeticOperation) -> Self {
        Self(storing: Format.arithmetic.perform(operation))
    }

    @inlinable
    public static func + (a: Self, b: Self) -> Self {
        rounding(SumOperation(a.doubleValue, b.doubleValue))
    }

    @inlinable
    public static func - (a: Self, b: Self) -> Self {
        rounding(SumOperation(a.doubleValue, -b.doubleValue))
    }

    @inlinable
    public static func * (a: Self, b: Self) -> Self {
        rounding(ProductOperation(a.doubleValue, b.doubleValue))
    }

    @inlinable
    public static func / (a: Self, b: Self) -> Self {
        rounding(QuotientOperation(a.doubleValue, b.doubleValue))
    }

    @inlinable
    public static func += (a: inout Self, b: Self) { a = a + b }

    @inlinable
    public static func -= (a: inout Self, b: Self) { a = a - b }

    @inlinable
    public static func *= (a: inout Self, b: Self) { a = a * b }

    @inlinable
    public static func /= (a: inout Self, b: Self) { a = a / b }

    /// `-x`: exact, so no mode applies. Formats without -0 (`fnuz`) give +0 for `-0`, and the
    /// unsigned E8M0 gives NaN for every negated number.
    @inlinable
    public static prefix func - (x: Self) -> Self {
        let arithmetic = Format.arithmetic
        let negated = -x.doubleValue
        return Self(storing: arithmetic.negationIsExact ? negated : arithmetic.nearestValue(negated))
    }

    /// `√x`, rounded once.
    @inlinable
    public func squareRoot() -> Self {
        Self.rounding(SquareRootOperation(doubleValue))
    }

    /// `self + a × b`, rounded once: IEEE 754's `fusedMultiplyAdd(a, b, self)`.
    @inlinable
    public func addingProduct(_ a: Self, _ b: Self) -> Self {
        Self.rounding(FusedMultiplyAddOperation(a.doubleValue, b.doubleValue, doubleValue))
    }

    /// IEEE 754's remainder: `self - n·other`, `n` the integer nearest `self / other`.
    @inlinable
    public func remainder(dividingBy other: Self) -> Self {
        Self.rounding(RemainderOperation(doubleValue, other.doubleValue, truncating: false))
    }

    /// `self - n·other`, `n` the integer part of `self / other` (C's `fmod`).
    @inlinable
    public func truncatingRemainder(dividingBy other: Self) -> Self {
        Self.rounding(RemainderOperation(doubleValue, other.doubleValue, truncating: true))
    }
}

/// `a × b + c`, rounded once.
@inlinable
public func fusedMultiplyAdd<Format>(_ a: Minifloat<Format>, _ b: Minifloat<Format>, _ c: Minifloat<Format>)
    -> Minifloat<Format>
{
    c.addingProduct(a, b)
}
