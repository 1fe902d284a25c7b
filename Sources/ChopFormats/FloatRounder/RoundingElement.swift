/// An element type arrays can be rounded in: `Double`, or `Float` for formats whose
/// values all fit it (precision ≤ 24 and emax ≤ 127).
///
/// Elements are widened to `Double` exactly, rounded by the core and narrowed back, which
/// is exact because the result is a value of the format.
public protocol RoundingElement: BinaryFloatingPoint, Sendable {
    /// The value as a `Double`, exactly.
    var chopWidened: Double { get }
    /// A `Double` known to be representable in this type.
    init(chopNarrowing value: Double)
    /// Throws unless every value of `format` (and its overflow results) fits this type.
    static func checkHolds(_ format: FloatFormat) throws(FormatError)
}

extension Double: RoundingElement {
    @inlinable @inline(__always) public var chopWidened: Double { self }
    @inlinable @inline(__always) public init(chopNarrowing value: Double) { self = value }
    @inlinable public static func checkHolds(_ format: FloatFormat) throws(FormatError) {}
}

extension Float: RoundingElement {
    @inlinable @inline(__always) public var chopWidened: Double { Double(self) }
    @inlinable @inline(__always) public init(chopNarrowing value: Double) { self = Float(value) }
    @inlinable
    public static func checkHolds(_ format: FloatFormat) throws(FormatError) {
        guard format.precision <= 24, format.maxExponent <= 127 else {
            throw .unsupportedElementType(
                "\(format.name) (p = \(format.precision), emax = \(format.maxExponent)) does not fit float32 data; "
                    + "float32 needs p ≤ 24 and emax ≤ 127")
        }
    }
}
