import ChopTensors

/// The gradients of one loss (``Tape/gradients(of:)``), by variable.
public struct Gradients {
    let tape: Tape
    let byID: [Tensor?]

    /// The gradient with respect to `variable`, shaped like it; nil when the loss does not
    /// depend on it (or it was recorded after the loss).
    public subscript(_ variable: Variable) -> Tensor? {
        guard variable.tape === tape, variable.id < byID.count else { return nil }
        return byID[variable.id]
    }

    /// The gradient with respect to `parameter`'s variable on the tape, if it was recorded
    /// there and the loss depends on it.
    public subscript(_ parameter: Parameter) -> Tensor? {
        guard let id = tape.id(of: parameter), id < byID.count else { return nil }
        return byID[id]
    }

    /// Every gradient transformed by `body`.
    func mapped(_ body: (Tensor) throws(TensorError) -> Tensor) throws(TensorError) -> Gradients {
        var result: [Tensor?] = []
        for gradient in byID { result.append(try gradient.map { (g) throws(TensorError) in try body(g) }) }
        return Gradients(tape: tape, byID: result)
    }

    /// Whether every gradient is finite.
    var areFinite: Bool { byID.allSatisfy { $0?.scalars.allSatisfy(\.isFinite) ?? true } }
}
