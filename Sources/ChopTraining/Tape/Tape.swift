import ChopTensors

/// A record of the operations done on ``Variable``s, in order: the forward pass of a training
/// step. ``gradients(of:)`` runs it backward (reverse-mode differentiation) and returns the
/// gradient of a scalar loss with respect to every variable.
///
/// ```swift
/// let tape = Tape(recipe: .binary64)
/// let w = tape.parameter(weights)
/// let loss = try tape.input(x).matmul(w).relu().softmaxCrossEntropy(labels: labels)
/// let dw = try tape.gradients(of: loss)[w]
/// ```
///
/// Each operation's backward step rounds its results to the recipe's gradient precision
/// (matrix products through the recipe's backward model); gradients that reach one variable
/// along several paths are added in that precision, in the order the paths were recorded
/// backward. A tape is used by one task at a time.
public final class Tape {
    /// The precisions of the step.
    public let recipe: PrecisionRecipe

    /// How an operation's result sends a gradient back to its operands.
    struct Operation {
        let operands: [Int]
        /// The operands' gradients from the result's gradient, one per operand.
        let pullback: (Tensor) throws(TensorError) -> [Tensor]
    }

    /// Every variable's value, by id.
    private(set) var values: [Tensor] = []
    /// The operation that produced each variable; nil for inputs and parameters.
    private var operations: [Operation?] = []
    /// The variable each ``Parameter`` was recorded as.
    private var parameterIDs: [ObjectIdentifier: Int] = [:]
    /// The variables recorded as parameters (weights), whose products take the weights' casts.
    private var weightIDs: Set<Int> = []

    public init(recipe: PrecisionRecipe) {
        self.recipe = recipe
    }

    /// A variable whose gradient the caller wants (a weight): `value` as given.
    public func parameter(_ value: Tensor) -> Variable {
        let variable = record(value, nil)
        weightIDs.insert(variable.id)
        return variable
    }

    /// `parameter`'s current value as a variable: recorded the first time, the same variable
    /// after that.
    public func variable(_ parameter: Parameter) -> Variable {
        if let id = parameterIDs[ObjectIdentifier(parameter)] { return Variable(id: id, value: values[id], tape: self) }
        let variable = self.parameter(parameter.value)
        parameterIDs[ObjectIdentifier(parameter)] = variable.id
        return variable
    }

    /// The role a variable plays as a product's operand: weights for parameters, activations
    /// for everything else.
    func role(of variable: Variable) -> ProductRecipe.Role {
        weightIDs.contains(variable.id) ? .weights : .activations
    }

    /// The variable `parameter` was recorded as, if it was.
    func id(of parameter: Parameter) -> Int? { parameterIDs[ObjectIdentifier(parameter)] }

    /// A variable the step reads (a batch of data): `value` as given.
    public func input(_ value: Tensor) -> Variable { record(value, nil) }

    /// Records an operation's result.
    func record(_ value: Tensor, _ operation: Operation?) -> Variable {
        values.append(value)
        operations.append(operation)
        return Variable(id: values.count - 1, value: value, tape: self)
    }

    /// The gradient of `loss` (a one-element variable of this tape) with respect to every
    /// variable recorded before it; with a `scale`, the gradients of `scale·loss` (the
    /// backward pass starts from `scale` rounded to the gradient precision: loss scaling).
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` for a loss of more than one element, and
    ///   what an operation's backward step throws.
    public func gradients(of loss: Variable, scale: Double = 1) throws(TensorError) -> Gradients {
        guard loss.tape === self, loss.value.count == 1 else {
            throw .invalidParameter("a loss is one element of this tape, not a tensor of shape \(loss.value.shape)")
        }
        var gradients = [Tensor?](repeating: nil, count: loss.id + 1)
        gradients[loss.id] = try Tensor(repeating: scale, shape: loss.value.shape, precision: recipe.gradients)
        for id in stride(from: loss.id, through: 0, by: -1) {
            guard let operation = operations[id], let gradient = gradients[id] else { continue }
            let operandGradients = try operation.pullback(gradient)
            for (operand, contribution) in zip(operation.operands, operandGradients) {
                if let earlier = gradients[operand] {
                    gradients[operand] = try earlier.adding(contribution, in: recipe.gradients)
                } else {
                    gradients[operand] = contribution
                }
            }
        }
        return Gradients(tape: self, byID: gradients)
    }
}
