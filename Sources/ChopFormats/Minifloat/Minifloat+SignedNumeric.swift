/// Formats with zero and a sign are `AdditiveArithmetic`, `Numeric` and `SignedNumeric`
/// (one tower, declared with one condition): `+`, `-`, `*` round once in the context's mode.
extension Minifloat: AdditiveArithmetic, Numeric, SignedNumeric where Format: SignedMinifloatFormat {
    public typealias Magnitude = Self

    @inlinable
    public static var zero: Self { Self(storing: 0) }

    /// `|x|`: exact.
    @inlinable
    public var magnitude: Self { Self(storing: doubleValue.magnitude) }

    /// `x = -x`: exact (written out, since the default `0 - x` would turn `+0` into `+0`).
    @inlinable
    public mutating func negate() {
        self = -self
    }
}
