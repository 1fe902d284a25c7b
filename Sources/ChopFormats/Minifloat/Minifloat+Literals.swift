/// Literals round to nearest-even whatever the ``RoundingContext``, so constants do not
/// change with the mode. A float literal is a `Double` first: a decimal within 2^-53
/// (relative) of a midpoint of the format may round differently from the decimal itself;
/// write such constants as hexadecimal literals, which are exact.
extension Minifloat: ExpressibleByFloatLiteral {
    @inlinable
    public init(floatLiteral value: Double) {
        self.init(storing: Format.arithmetic.nearestValue(value))
    }
}

extension Minifloat: ExpressibleByIntegerLiteral {
    @inlinable
    public init(integerLiteral value: Int64) {
        self.init(storing: Format.arithmetic.performNearest(IntegerConversionOperation(value)))
    }
}
