/// Strides step by values of the format: each `advanced(by:)` is a rounded sum.
extension Minifloat: Strideable where Format: IEEEMinifloatFormat {
    public typealias Stride = Self

    @inlinable
    public func distance(to other: Self) -> Self { other - self }

    @inlinable
    public func advanced(by n: Self) -> Self { self + n }
}
