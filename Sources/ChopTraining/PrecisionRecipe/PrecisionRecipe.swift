import ChopFormats
import ChopTensors

/// The precision of every role in a training step: stored weights, activations, gradients,
/// optimizer state, and how the matrix products of each pass take their operands and
/// accumulate (``ProductRecipe``).
///
/// ```swift
/// let recipe = try PrecisionRecipe.preset(named: "mxfp8")
/// let tape = Tape(recipe: recipe)
/// var optimizer = SGD(learningRate: 0.05, recipe: recipe)
/// ```
///
/// Every operation of a ``Tape`` rounds its result once to its role's precision: forward
/// results to ``activations``, backward results to ``gradients``; matrix products go through
/// the pass's ``ProductRecipe`` first. Optimizers round their state to ``optimizerState`` and
/// the updated weights to ``weights``, whose mode is the update's rounding (stochastic
/// rounding of updates). Weights wider than the forward casts are master weights: each
/// product casts them afresh.
public struct PrecisionRecipe: Sendable {
    /// The recipe's name, for tables and files.
    public var name: String
    /// The stored weights, and the rounding of each update into them.
    public var weights: TensorPrecision
    /// The precision of every forward result.
    public var activations: TensorPrecision
    /// The precision of every gradient.
    public var gradients: TensorPrecision
    /// The precision of the optimizer's state (momentum, moments).
    public var optimizerState: TensorPrecision
    /// The forward pass's products: `y = x·W`, `Q·Kᵀ`, …
    public var forward: ProductRecipe
    /// The backward pass's products: `dA = dC·Bᵀ` and `dB = Aᵀ·dC`.
    public var backward: ProductRecipe

    public init(
        name: String, weights: TensorPrecision, activations: TensorPrecision, gradients: TensorPrecision,
        optimizerState: TensorPrecision, forward: ProductRecipe, backward: ProductRecipe
    ) {
        self.name = name
        self.weights = weights
        self.activations = activations
        self.gradients = gradients
        self.optimizerState = optimizerState
        self.forward = forward
        self.backward = backward
    }

    /// Every role in `format` and `mode`, products of uncast operands accumulated
    /// sequentially in `accumulator` to nearest-even (each stochastic role seeded from
    /// `seed`).
    ///
    /// - Throws: ``FormatError`` for a mode the format cannot take.
    public static func uniform(
        _ format: FloatFormat, mode: RoundingMode = .toNearestOrEven, accumulator: FloatFormat? = nil, seed: UInt64 = 0
    ) throws(FormatError) -> PrecisionRecipe {
        let sum = MatrixMultiplication(accumulator: try FloatRounder(format: accumulator ?? format))
        return PrecisionRecipe(
            name: mode == .toNearestOrEven ? format.name : "\(format.name)-\(mode.name)",
            weights: try TensorPrecision(format, mode: mode, seed: seed),
            activations: try TensorPrecision(format, mode: mode, seed: seed &+ 1),
            gradients: try TensorPrecision(format, mode: mode, seed: seed &+ 2),
            optimizerState: try TensorPrecision(format, mode: mode, seed: seed &+ 3),
            forward: try! ProductRecipe(model: sum, seed: seed &+ 4),
            backward: try! ProductRecipe(model: sum, seed: seed &+ 5))
    }

    /// Everything in binary64: what finite-difference gradient checks compare with.
    public static var binary64: PrecisionRecipe { try! uniform(.binary64) }
}
