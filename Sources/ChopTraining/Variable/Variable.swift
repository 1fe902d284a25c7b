import ChopTensors

/// A tensor recorded on a ``Tape``: an input, a parameter, or an operation's result.
///
/// Operations on variables (``matmul(_:)``, ``adding(_:)``, ``relu()``,
/// ``softmaxCrossEntropy(labels:)``) compute their value in the tape's recipe and record how
/// to send a gradient back.
public struct Variable {
    /// The variable's position on its tape.
    public let id: Int
    /// Its value.
    public let value: Tensor
    /// The tape it is recorded on (kept alive by whoever holds the tape).
    public unowned let tape: Tape

    /// The recipe of the variable's tape.
    var recipe: PrecisionRecipe { tape.recipe }

    /// Records `value`, computed from `operands`, and its pullback.
    func recording(
        _ value: Tensor, operands: [Variable], pullback: @escaping (Tensor) throws(TensorError) -> [Tensor]
    ) -> Variable {
        tape.record(value, Tape.Operation(operands: operands.map(\.id), pullback: pullback))
    }
}
