import ChopFormats
import ChopTensors

/// Which precision each role of a training step computes in: the values a layer produces
/// (activations), the gradients the backward pass produces, and the matrix-product models of
/// the forward and the backward pass.
///
/// ```swift
/// let recipe = try PrecisionRecipe.uniform(.bfloat16, mode: .stochastic(), accumulator: .binary32)
/// let tape = Tape(recipe: recipe)
/// ```
///
/// Every operation of a ``Tape`` rounds its result once to the role's precision (matrix
/// products through the role's ``MatrixMultiplication`` and then to that precision).
public struct PrecisionRecipe: Sendable {
    /// The recipe's name, for tables and files.
    public var name: String
    /// The precision of every forward result.
    public var activations: TensorPrecision
    /// The precision of every gradient.
    public var gradients: TensorPrecision
    /// How forward matrix products accumulate.
    public var forwardProduct: MatrixMultiplication
    /// How backward matrix products (`dA = dC·Bᵀ`, `dB = Aᵀ·dC`) accumulate.
    public var backwardProduct: MatrixMultiplication

    public init(
        name: String, activations: TensorPrecision, gradients: TensorPrecision, forwardProduct: MatrixMultiplication,
        backwardProduct: MatrixMultiplication
    ) {
        self.name = name
        self.activations = activations
        self.gradients = gradients
        self.forwardProduct = forwardProduct
        self.backwardProduct = backwardProduct
    }

    /// Every role in `format` and `mode`, products exact and accumulated sequentially in
    /// `accumulator` to nearest-even (each stochastic role seeded from `seed`).
    ///
    /// - Throws: ``FormatError`` for a mode the format cannot take.
    public static func uniform(
        _ format: FloatFormat, mode: RoundingMode = .toNearestOrEven, accumulator: FloatFormat? = nil, seed: UInt64 = 0
    ) throws(FormatError) -> PrecisionRecipe {
        let sum = try FloatRounder(format: accumulator ?? format)
        let rounding = try FloatRounder(format: format, mode: mode)
        return PrecisionRecipe(
            name: mode == .toNearestOrEven ? format.name : "\(format.name)-\(mode)",
            activations: try TensorPrecision(format, mode: mode, seed: seed),
            gradients: try TensorPrecision(format, mode: mode, seed: seed &+ 1),
            forwardProduct: MatrixMultiplication(accumulator: sum, output: rounding, seed: seed &+ 2),
            backwardProduct: MatrixMultiplication(accumulator: sum, output: rounding, seed: seed &+ 3))
    }

    /// Everything in binary64: what finite-difference gradient checks compare with.
    public static var binary64: PrecisionRecipe { try! uniform(.binary64) }
}
