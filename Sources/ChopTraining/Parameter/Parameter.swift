import ChopTensors

/// A trainable tensor that lives across training steps (a layer's weight or bias): each
/// step's ``Tape`` records it as a variable (``Tape/variable(_:)``), and an optimizer
/// replaces its ``value`` after the step.
public final class Parameter {
    /// The current value.
    public var value: Tensor

    public init(_ value: Tensor) {
        self.value = value
    }
}
