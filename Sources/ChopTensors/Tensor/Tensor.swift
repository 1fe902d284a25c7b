import ChopFormats

/// An N-dimensional array whose every value is representable in its ``precision``, and whose
/// every operation rounds each result once, from the exact result, as hardware of that
/// precision would (BFloat16s.jl's `LowPrecArray` idea, with the accumulation made explicit).
///
/// ```swift
/// let bf16 = try TensorPrecision(.bfloat16)
/// let x = try Tensor(rounding: [0.1, 0.2, 0.3], shape: [3], precision: bf16)
/// let y = x * x + x                          // each * and + rounded to bfloat16
/// let total = x.sum(order: .sequential)      // s = ∘(∘(x₀ + x₁) + x₂)
/// ```
///
/// Storage is dense and row-major (C order) in `Double` (every format of up to 53 bits of
/// precision is exact in it). Operands of a binary operation must share a precision (or the
/// method names the result's); shapes broadcast by NumPy's rules. Stochastic rounding draws
/// one word per rounding from the precision's streams (see ``TensorPrecision``).
public struct Tensor: Sendable {
    /// The size of each dimension; `[]` for a scalar.
    public let shape: [Int]
    /// The values in row-major order.
    public let scalars: [Double]
    /// The precision every value is representable in.
    public let precision: TensorPrecision

    /// Builds a tensor from values that are already representable (no check).
    init(uncheckedScalars scalars: [Double], shape: [Int], precision: TensorPrecision) {
        self.shape = shape
        self.scalars = scalars
        self.precision = precision
    }

    /// `values` (row-major) each rounded to `precision`; where `exactTails` names an index
    /// `i`, the exact value `values[i] + tail` (an exact decimal, say) is rounded instead.
    ///
    /// - Throws: ``TensorError/countMismatch(shape:count:)`` or ``TensorError/invalidShape(_:)``.
    public init(
        rounding values: [Double], exactTails: [(index: Int, tail: Double)] = [], shape: [Int], precision: TensorPrecision
    ) throws(TensorError) {
        try Self.check(shape: shape, count: values.count)
        let rounded = precision.arithmetic.rounded(values, exactTails: exactTails, seed: precision.nextStream().seed)
        self.init(uncheckedScalars: rounded, shape: shape, precision: precision)
    }

    /// `values` (row-major), each of which must already be a value of `precision`'s format
    /// (NaN and infinities included where the format has them).
    ///
    /// - Throws: ``TensorError/notRepresentable(index:value:format:)`` naming the first value
    ///   that is not, or a shape error.
    public init(exactly values: [Double], shape: [Int], precision: TensorPrecision) throws(TensorError) {
        try Self.check(shape: shape, count: values.count)
        let format = precision.format
        for (index, value) in values.enumerated() {
            let rounded = format.round(value, .toNearestOrEven)
            let same = value.isNaN ? rounded.isNaN : rounded.bitPattern == value.bitPattern
            if !same { throw .notRepresentable(index: index, value: value, format: precision.format.name) }
        }
        self.init(uncheckedScalars: values, shape: shape, precision: precision)
    }

    /// A tensor of `shape` filled with `value` rounded to `precision`.
    public init(repeating value: Double, shape: [Int], precision: TensorPrecision) throws(TensorError) {
        try self.init(rounding: [Double](repeating: value, count: shape.reduce(1, *)), shape: shape, precision: precision)
    }

    /// The number of elements.
    public var count: Int { scalars.count }
    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The element at one index per dimension.
    public subscript(_ indices: Int...) -> Double {
        precondition(indices.count == rank, "\(indices.count) indices for a tensor of rank \(rank)")
        var offset = 0
        for (index, size) in zip(indices, shape) {
            precondition(0 <= index && index < size, "index \(index) outside a dimension of \(size)")
            offset = offset * size + index
        }
        return scalars[offset]
    }

    /// The same values in another precision, each rounded once (a conversion).
    public func converted(to precision: TensorPrecision) -> Tensor {
        try! Tensor(rounding: scalars, shape: shape, precision: precision)
    }

    static func check(shape: [Int], count: Int) throws(TensorError) {
        if shape.contains(where: { $0 < 0 }) { throw .invalidShape(shape) }
        if shape.reduce(1, *) != count { throw .countMismatch(shape: shape, count: count) }
    }
}
