/// Conversions into a format round once, from the exact source value, in the mode of the
/// current ``RoundingContext``; conversions out are exact where the destination holds the
/// value (every format's values are doubles).
extension Minifloat {
    /// `x` rounded once.
    @inlinable
    public init(_ x: Double) {
        self.init(storing: Format.arithmetic.perform(ConversionOperation(x)))
    }

    /// `x` rounded once (a `Float` is exactly a double: never rounded twice).
    @inlinable
    public init(_ x: Float) {
        self.init(Double(x))
    }

    /// A value of another format rounded once.
    @inlinable
    public init<Other>(_ x: Minifloat<Other>) {
        self.init(x.doubleValue)
    }

    /// A number of any binary floating-point type rounded once, from its exact value (a
    /// `Float80` is not rounded to `Double` first). Disfavoured, so that a ``Minifloat`` of
    /// an IEEE-like format converts through the direct overload rather than ambiguously.
    @inlinable @_disfavoredOverload
    public init<Source: BinaryFloatingPoint>(_ x: Source) {
        if let double = x as? Double {
            self.init(double)
        } else {
            self.init(storing: Format.arithmetic.perform(FloatingPointConversionOperation(x)))
        }
    }

    /// An integer of any width rounded once (not through `Double`, which rounds above 2^53).
    @inlinable
    public init<Source: BinaryInteger>(_ n: Source) {
        self.init(storing: Format.arithmetic.perform(IntegerConversionOperation(n)))
    }

    /// `x` if the format holds it exactly, else nil (nil for NaN, as the standard library).
    @inlinable
    public init?<Source: BinaryFloatingPoint>(exactly x: Source) {
        let rounded = Self(storing: Format.arithmetic.performNearest(FloatingPointConversionOperation(x)))
        guard !x.isNaN, Source(rounded.doubleValue) == x else { return nil }
        self = rounded
    }

    /// `n` if the format holds it exactly, else nil.
    @inlinable
    public init?<Source: BinaryInteger>(exactly n: Source) {
        let rounded = Self(storing: Format.arithmetic.performNearest(IntegerConversionOperation(n)))
        guard rounded.doubleValue.isFinite, Source(exactly: rounded.doubleValue) == n else { return nil }
        self = rounded
    }
}

extension Double {
    /// The exact value of a ``Minifloat``.
    @inlinable
    public init<Format>(_ x: Minifloat<Format>) {
        self = x.doubleValue
    }
}

extension Float {
    /// A ``Minifloat`` rounded once to nearest-even (exact when the format fits binary32).
    @inlinable
    public init<Format>(_ x: Minifloat<Format>) {
        self.init(x.doubleValue)
    }
}
