/// A format prepared to round in one mode, for every family: the one protocol through which
/// generic code rounds arrays, encodes them and decodes codes.
///
/// ```swift
/// func largestRelativeError(_ rounder: some FormatRounder, _ values: [Double]) throws -> Double {
///     var rounded = values
///     try rounded.withUnsafeMutableBufferPointer { try rounder.round($0, shape: [values.count], seed: 1) }
///     return zip(values, rounded).map { abs($1 - $0) / abs($0) }.max() ?? 0
/// }
/// ```
///
/// Element `i` (the flat row-major index) of an array draws word `i` of
/// `RandomStream(seed:)` in stochastic modes, so the result never depends on the thread count
/// or on how the work is split. What else an element's result depends on is ``scope``.
public protocol FormatRounder: Sendable {
    associatedtype Format: NumberFormat
    associatedtype Failure: Error
    /// The format rounded to.
    var format: Format { get }
    /// The rounding mode of every element.
    var mode: RoundingMode { get }
    /// Whether an element rounds alone or with a scale shared by a group of elements.
    var scope: RoundingScope { get }
    /// Rounds the row-major array `values` of `shape` in place: each element to the format
    /// (quantized and dequantized where the format has scales).
    ///
    /// - Throws: for a shape that does not hold the values, or one the format cannot use.
    func round(_ values: UnsafeMutableBufferPointer<Double>, shape: [Int], seed: UInt64, threads: Int) throws(Failure)
    /// The codes of the rounded array, with the scales they need.
    func encode(_ values: [Double], shape: [Int], seed: UInt64) throws(Failure) -> EncodedArray
    /// The values of codes made by ``encode(_:shape:seed:)``.
    func decode(_ encoded: EncodedArray) throws(Failure) -> [Double]
}

/// What the rounding of one element depends on besides the element itself.
public enum RoundingScope: Sendable, Hashable {
    /// Nothing: the element rounds alone (floats, posits, fixed point), so any piece of an
    /// array may be rounded on its own (with its first index for stochastic modes).
    case element
    /// A scale computed from a group of elements (integer quantization per tensor, channel or
    /// block; block formats along an axis): the groups must be read whole.
    case group
}

extension FormatRounder {
    /// Rounds with every core for large arrays (see ``Parallelism``).
    public func round(_ values: UnsafeMutableBufferPointer<Double>, shape: [Int], seed: UInt64 = 0) throws(Failure) {
        try round(values, shape: shape, seed: seed, threads: Parallelism.automatic)
    }
}
