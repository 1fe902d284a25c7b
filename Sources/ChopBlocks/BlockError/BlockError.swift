/// Why a block-format request was refused; each ``description`` is one line naming the
/// problem.
public enum BlockError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No block format has this name.
    case unknownFormat(String)
    /// The block format's parameters do not fit together.
    case invalidParameters(String)
    /// The shape does not match the number of values, or has a negative extent.
    case invalidShape(shape: [Int], count: Int)
    /// The axis is outside the shape's dimensions.
    case invalidAxis(axis: Int, dimensions: Int)
    /// A tensor amax that is NaN, infinite or negative.
    case invalidTensorAmax(Double)
    /// The element rounding mode was refused by the rounding core.
    case invalidRounding(String)
    /// Element `index` has no code in the format (NaN in an integer format).
    case notRepresentable(index: Int, value: Double, format: String)

    public var description: String {
        switch self {
        case .unknownFormat(let name):
            "unknown block format '\(name)'; valid names: \(BlockFormat.presets.map(\.name).joined(separator: ", "))"
        case .invalidParameters(let reason):
            "invalid block format: \(reason)"
        case .invalidShape(let shape, let count):
            "shape \(shape) does not hold \(count) values"
        case .invalidAxis(let axis, let dimensions):
            "axis \(axis) is outside a \(dimensions)-dimensional shape"
        case .invalidTensorAmax(let amax):
            "tensor amax \(amax) is not a finite non-negative number"
        case .invalidRounding(let reason):
            "invalid element rounding: \(reason)"
        case .notRepresentable(let index, let value, let format):
            "element \(index) (\(value)) has no \(format) code"
        }
    }
}
