import RealModule

/// IEEE-like formats are swift-numerics' `Real`.
///
/// `sqrt` is the correctly rounded ``squareRoot()``. Every other function is computed in
/// binary64 by the platform's libm and rounded once to the format in the context's mode:
/// accurate to about one ulp of the format, but not correctly rounded in it (libm's result is
/// itself rounded, so a value extremely close to a rounding boundary of the format can land
/// on the wrong side, and directed or stochastic modes see libm's rounding, not the exact
/// function's).
extension Minifloat: ElementaryFunctions, RealFunctions, AlgebraicField, Real where Format: IEEEMinifloatFormat {
    @inlinable
    static func wide(_ x: Self, _ f: (Double) -> Double) -> Self { Self(f(x.doubleValue)) }

    @inlinable public static func exp(_ x: Self) -> Self { wide(x, Double.exp) }
    @inlinable public static func expMinusOne(_ x: Self) -> Self { wide(x, Double.expMinusOne) }
    @inlinable public static func cosh(_ x: Self) -> Self { wide(x, Double.cosh) }
    @inlinable public static func sinh(_ x: Self) -> Self { wide(x, Double.sinh) }
    @inlinable public static func tanh(_ x: Self) -> Self { wide(x, Double.tanh) }
    @inlinable public static func cos(_ x: Self) -> Self { wide(x, Double.cos) }
    @inlinable public static func sin(_ x: Self) -> Self { wide(x, Double.sin) }
    @inlinable public static func tan(_ x: Self) -> Self { wide(x, Double.tan) }
    @inlinable public static func log(_ x: Self) -> Self { wide(x) { (y: Double) in Double.log(y) } }
    @inlinable public static func log(onePlus x: Self) -> Self { wide(x) { (y: Double) in Double.log(onePlus: y) } }
    @inlinable public static func acosh(_ x: Self) -> Self { wide(x, Double.acosh) }
    @inlinable public static func asinh(_ x: Self) -> Self { wide(x, Double.asinh) }
    @inlinable public static func atanh(_ x: Self) -> Self { wide(x, Double.atanh) }
    @inlinable public static func acos(_ x: Self) -> Self { wide(x, Double.acos) }
    @inlinable public static func asin(_ x: Self) -> Self { wide(x, Double.asin) }
    @inlinable public static func atan(_ x: Self) -> Self { wide(x, Double.atan) }
    @inlinable public static func pow(_ x: Self, _ y: Self) -> Self { Self(Double.pow(x.doubleValue, y.doubleValue)) }
    @inlinable public static func pow(_ x: Self, _ n: Int) -> Self { Self(Double.pow(x.doubleValue, n)) }
    /// Correctly rounded: ``squareRoot()``.
    @inlinable public static func sqrt(_ x: Self) -> Self { x.squareRoot() }
    @inlinable public static func root(_ x: Self, _ n: Int) -> Self { Self(Double.root(x.doubleValue, n)) }

    @inlinable public static func atan2(y: Self, x: Self) -> Self { Self(Double.atan2(y: y.doubleValue, x: x.doubleValue)) }
    @inlinable public static func erf(_ x: Self) -> Self { wide(x, Double.erf) }
    @inlinable public static func erfc(_ x: Self) -> Self { wide(x, Double.erfc) }
    @inlinable public static func exp2(_ x: Self) -> Self { wide(x, Double.exp2) }
    @inlinable public static func exp10(_ x: Self) -> Self { wide(x, Double.exp10) }
    @inlinable public static func hypot(_ x: Self, _ y: Self) -> Self { Self(Double.hypot(x.doubleValue, y.doubleValue)) }
    @inlinable public static func gamma(_ x: Self) -> Self { wide(x, Double.gamma) }
    @inlinable public static func log2(_ x: Self) -> Self { wide(x, Double.log2) }
    @inlinable public static func log10(_ x: Self) -> Self { wide(x, Double.log10) }
    @inlinable public static func logGamma(_ x: Self) -> Self { wide(x, Double.logGamma) }
    @inlinable public static func signGamma(_ x: Self) -> FloatingPointSign { Double.signGamma(x.doubleValue) }
}
