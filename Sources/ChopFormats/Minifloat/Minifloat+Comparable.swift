/// IEEE 754 comparison of the values: `-0 == +0`, NaN is unordered (every comparison with
/// it is false, `!=` true).
extension Minifloat: Comparable {
    @inlinable
    public static func == (a: Self, b: Self) -> Bool { a.doubleValue == b.doubleValue }

    @inlinable
    public static func < (a: Self, b: Self) -> Bool { a.doubleValue < b.doubleValue }

    @inlinable
    public static func <= (a: Self, b: Self) -> Bool { a.doubleValue <= b.doubleValue }

    @inlinable
    public static func > (a: Self, b: Self) -> Bool { a.doubleValue > b.doubleValue }

    @inlinable
    public static func >= (a: Self, b: Self) -> Bool { a.doubleValue >= b.doubleValue }
}
