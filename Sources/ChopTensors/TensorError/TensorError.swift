/// Why a tensor operation cannot be done: each case names the operands' shapes or the
/// offending value, so the message alone says what to fix.
public enum TensorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The element count does not match the shape's product.
    case countMismatch(shape: [Int], count: Int)
    /// A negative dimension.
    case invalidShape([Int])
    /// Shapes that do not broadcast together (NumPy's rules), or do not fit the operation.
    case shapeMismatch(operation: String, [Int], [Int])
    /// An axis outside `-rank..<rank`, or a permutation that is not one.
    case invalidAxis(operation: String, axis: Int, rank: Int)
    /// An operation on tensors of different precisions without an explicit result precision.
    case differentPrecisions(String, String)
    /// A value that is not representable in the tensor's format (``Tensor/init(exactly:shape:precision:)``).
    case notRepresentable(index: Int, value: Double, format: String)
    /// A zero pivot in column `column`: the matrix is singular in the factorization's precision.
    case singular(column: Int)
    /// A parameter out of its range (a block size of 0, a slice outside the tensor).
    case invalidParameter(String)

    public var description: String {
        switch self {
        case .countMismatch(let shape, let count):
            "\(count) values do not fill the shape \(shape) (\(shape.reduce(1, *)) elements)"
        case .invalidShape(let shape): "invalid shape \(shape): dimensions must be 0 or more"
        case .shapeMismatch(let operation, let a, let b): "\(operation): shapes \(a) and \(b) do not fit"
        case .invalidAxis(let operation, let axis, let rank): "\(operation): axis \(axis) is outside a tensor of rank \(rank)"
        case .differentPrecisions(let a, let b):
            "operands in different precisions (\(a), \(b)): convert one, or name the result's precision"
        case .notRepresentable(let index, let value, let format): "element \(index) (\(value)) is not a value of \(format)"
        case .singular(let column): "the matrix is singular in this precision: a zero pivot in column \(column)"
        case .invalidParameter(let message): message
        }
    }
}
