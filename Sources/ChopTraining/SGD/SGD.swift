import ChopTensors

/// Stochastic gradient descent with momentum, its state and the updated weights each in a
/// precision of their own:
///
///     v ← ∘ₛ(μ·v + g)        w ← ∘_w(w − η·v)
///
/// each a fused multiply-add rounded once (`μ` and `η` binary64 constants), `∘ₛ` the state
/// precision and `∘_w` the weight precision, whose mode decides how small updates survive:
/// to nearest, an update below half an ulp of `w` is lost (stagnation); stochastically it is
/// kept in expectation. The first step starts from `v = 0`.
public struct SGD: Optimizer {
    public var learningRate: Double
    public var momentum: Double
    /// The velocity's precision.
    public var state: TensorPrecision
    /// The precision of the updated weights.
    public var weights: TensorPrecision
    /// Each parameter's velocity.
    private var velocities: [ObjectIdentifier: Tensor] = [:]

    public init(learningRate: Double, momentum: Double = 0.9, state: TensorPrecision, weights: TensorPrecision) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.state = state
        self.weights = weights
    }

    /// SGD with the velocity in `recipe`'s optimizer-state precision and the weights in its
    /// weight precision.
    public init(learningRate: Double, momentum: Double = 0.9, recipe: PrecisionRecipe) {
        self.init(learningRate: learningRate, momentum: momentum, state: recipe.optimizerState, weights: recipe.weights)
    }

    /// The velocity of `parameter`, nil before its first step.
    public func velocity(of parameter: Parameter) -> Tensor? { velocities[ObjectIdentifier(parameter)] }

    /// Updates every parameter that has a gradient in `gradients`.
    ///
    /// - Throws: ``TensorError/shapeMismatch(operation:_:_:)`` for a gradient not shaped like
    ///   its parameter.
    public mutating func step(_ parameters: [Parameter], _ gradients: Gradients) throws(TensorError) {
        for (parameter, gradient) in try updates(parameters, gradients, operation: "SGD step") {
            let w = parameter.value
            let previous = velocities[ObjectIdentifier(parameter)]?.scalars ?? [Double](repeating: 0, count: w.count)
            let (stateStream, weightStream) = (state.nextStream(), weights.nextStream())
            let (stateRounding, weightRounding) = (state.arithmetic, weights.arithmetic)
            var velocity = previous
            var updated = w.scalars
            for i in updated.indices {
                velocity[i] = stateRounding.fusedMultiplyAdd(
                    momentum, previous[i], gradient.scalars[i], randomWord: stateStream.word(at: UInt64(i)))
                updated[i] = weightRounding.fusedMultiplyAdd(
                    -learningRate, velocity[i], updated[i], randomWord: weightStream.word(at: UInt64(i)))
            }
            velocities[ObjectIdentifier(parameter)] = try Tensor(exactly: velocity, shape: w.shape, precision: state)
            parameter.value = try Tensor(exactly: updated, shape: w.shape, precision: weights)
        }
    }
}
