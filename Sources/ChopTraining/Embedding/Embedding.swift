import ChopTensors

/// A trainable table of vectors, one per token: ``Variable/gathering(rows:)`` of the table.
public struct Embedding {
    public let table: Parameter

    /// A `vocabulary × dimension` table of seeded uniform values in `±√(6 / (vocabulary +
    /// dimension))`, rounded to `precision`.
    ///
    /// - Throws: ``TensorError/invalidShape(_:)`` for a size below 1.
    public init(vocabulary: Int, dimension: Int, precision: TensorPrecision, seed: UInt64) throws(TensorError) {
        guard vocabulary >= 1, dimension >= 1 else { throw .invalidShape([vocabulary, dimension]) }
        table = Parameter(
            try glorotUniform(shape: [vocabulary, dimension], fanIn: vocabulary, fanOut: dimension, precision: precision, seed: seed))
    }

    /// The layer's parameters, for an optimizer.
    public var parameters: [Parameter] { [table] }

    /// The vectors of `tokens`, one row each, recorded on `tape`.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` for a token outside the vocabulary.
    public func callAsFunction(_ tokens: [Int], on tape: Tape) throws(TensorError) -> Variable {
        try tape.variable(table).gathering(rows: tokens)
    }
}
