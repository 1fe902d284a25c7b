import ChopTensors
import RealModule

/// Adam with decoupled weight decay (Loshchilov and Hutter), each moment and the updated
/// weights in a precision of their own:
///
///     m ← ∘ₘ(β₁·m + (1 − β₁)·g)        v ← ∘ᵥ(β₂·v + (1 − β₂)·g²)
///     w ← ∘_w(w − η·(m̂ / (√v̂ + ε) + λ·w)),   m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
///
/// Each right-hand side is evaluated in binary64 from the stored values and rounded once to
/// its precision (with that precision's mode and stream): the moments' rounding is the
/// emulated state format, the weights' rounding the emulated update (stochastic rounding of
/// updates is a mode of the weights' precision). `t` counts each parameter's steps from 1;
/// the moments start at 0.
public struct AdamW: Optimizer {
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public var weightDecay: Double
    /// The first moment's precision.
    public var firstMoment: TensorPrecision
    /// The second moment's precision.
    public var secondMoment: TensorPrecision
    /// The precision of the updated weights.
    public var weights: TensorPrecision

    /// Each parameter's moments and step count.
    private var states: [ObjectIdentifier: (m: Tensor, v: Tensor, steps: Int)] = [:]

    public init(
        learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0.01,
        firstMoment: TensorPrecision, secondMoment: TensorPrecision, weights: TensorPrecision
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
        self.weights = weights
    }

    /// AdamW with both moments in `recipe`'s optimizer-state precision and the weights in its
    /// weight precision.
    public init(
        learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0.01,
        recipe: PrecisionRecipe
    ) {
        self.init(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
            firstMoment: recipe.optimizerState, secondMoment: recipe.optimizerState, weights: recipe.weights)
    }

    /// The moments of `parameter`, nil before its first step.
    public func moments(of parameter: Parameter) -> (first: Tensor, second: Tensor)? {
        states[ObjectIdentifier(parameter)].map { ($0.m, $0.v) }
    }

    /// Updates every parameter that has a gradient in `gradients`.
    ///
    /// - Throws: ``TensorError/shapeMismatch(operation:_:_:)`` for a gradient not shaped like
    ///   its parameter.
    public mutating func step(_ parameters: [Parameter], _ gradients: Gradients) throws(TensorError) {
        for (parameter, gradient) in try updates(parameters, gradients, operation: "AdamW step") {
            let w = parameter.value
            let zeros = [Double](repeating: 0, count: w.count)
            let state = states[ObjectIdentifier(parameter)]
            let steps = (state?.steps ?? 0) + 1
            let (m0, v0) = (state?.m.scalars ?? zeros, state?.v.scalars ?? zeros)
            let g = gradient.scalars
            let m = try Tensor(rounding: g.indices.map { beta1 * m0[$0] + (1 - beta1) * g[$0] }, shape: w.shape, precision: firstMoment)
            let v = try Tensor(
                rounding: g.indices.map { beta2 * v0[$0] + (1 - beta2) * g[$0] * g[$0] }, shape: w.shape, precision: secondMoment)
            let mScale = 1 / (1 - Double.pow(beta1, steps))
            let vScale = 1 / (1 - Double.pow(beta2, steps))
            let updated = w.scalars.indices.map { i in
                let direction = (m.scalars[i] * mScale) / ((v.scalars[i] * vScale).squareRoot() + epsilon)
                return w.scalars[i] - learningRate * (direction + weightDecay * w.scalars[i])
            }
            states[ObjectIdentifier(parameter)] = (m, v, steps)
            parameter.value = try Tensor(rounding: updated, shape: w.shape, precision: weights)
        }
    }
}
