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
    /// The four elements at `p`, widened exactly.
    static func chopWidened(vectorAt p: UnsafePointer<Self>) -> SIMD4<Double>
    /// Stores four `Double`s known to be representable in this type at `p`.
    static func chopStore(_ values: SIMD4<Double>, at p: UnsafeMutablePointer<Self>)
    /// Throws unless every value of `format` (and its overflow results) fits this type.
    static func checkHolds(_ format: FloatFormat) throws(FormatError)
}

extension Double: RoundingElement {
    @inlinable @inline(__always) public var chopWidened: Double { self }
    @inlinable @inline(__always) public init(chopNarrowing value: Double) { self = value }
    @inlinable @inline(__always)
    public static func chopWidened(vectorAt p: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
    }
    @inlinable @inline(__always)
    public static func chopStore(_ values: SIMD4<Double>, at p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: values, as: SIMD4<Double>.self)
    }
    @inlinable public static func checkHolds(_ format: FloatFormat) throws(FormatError) {}
}

extension Float: RoundingElement {
    @inlinable @inline(__always) public var chopWidened: Double { Double(self) }
    @inlinable @inline(__always) public init(chopNarrowing value: Double) { self = Float(value) }
    @inlinable @inline(__always)
    public static func chopWidened(vectorAt p: UnsafePointer<Float>) -> SIMD4<Double> {
        SIMD4<Double>(UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self))
    }
    @inlinable @inline(__always)
    public static func chopStore(_ values: SIMD4<Double>, at p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: SIMD4<Float>(values), as: SIMD4<Float>.self)
    }
    @inlinable
    public static func checkHolds(_ format: FloatFormat) throws(FormatError) {
        guard format.precision <= 24, format.maxExponent <= 127 else {
            throw .unsupportedElementType(
                "\(format.name) (p = \(format.precision), emax = \(format.maxExponent)) does not fit float32 data; "
                    + "float32 needs p ≤ 24 and emax ≤ 127")
        }
    }
}
