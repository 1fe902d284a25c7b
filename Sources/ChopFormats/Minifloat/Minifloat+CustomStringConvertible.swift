/// The shortest decimal that reads back as the same value of the format (see
/// ``FloatFormat/shortestDecimal(_:)``): `BFloat16(0.1)` prints `0.1`; ``doubleValue``
/// gives the exact value.
extension Minifloat: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { Self.format.shortestDecimal(doubleValue) }

    public var debugDescription: String { description }
}
