import ChopTensors

/// Multi-head scaled dot-product self-attention (one head: single-head attention) over a
/// batch of sequences stacked as rows (`batch·length × dimension`):
///
///     Q, K, V = x·W_q, x·W_k, x·W_v
///     head_h = softmax(Q_h·K_hᵀ / √d_h) · V_h      for each sequence, d_h = dimension / heads
///     y = [head_1 … head_heads]·W_o
///
/// the attention itself one operation (``Variable/attention(keys:values:heads:length:causal:)``):
/// every product through the recipe's forward and backward products (Q, K and V are
/// activations: their casts apply to both operands of `Q·Kᵀ`), the scale and the softmax
/// rounded once to the activation precision. With `causal`, position `i` attends to
/// positions up to `i` only.
public struct MultiHeadAttention {
    public let query: Linear
    public let key: Linear
    public let value: Linear
    public let output: Linear
    public let heads: Int

    /// Four Glorot-uniform projections of `dimension × dimension` (seeds `seed` to `seed + 3`).
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` unless `heads ≥ 1` divides `dimension`.
    public init(dimension: Int, heads: Int, precision: TensorPrecision, seed: UInt64) throws(TensorError) {
        guard heads >= 1, dimension >= 1, dimension % heads == 0 else {
            throw .invalidParameter("\(heads) heads for dimension \(dimension): heads must divide the dimension")
        }
        query = try Linear(inputs: dimension, outputs: dimension, precision: precision, seed: seed)
        key = try Linear(inputs: dimension, outputs: dimension, precision: precision, seed: seed &+ 1)
        value = try Linear(inputs: dimension, outputs: dimension, precision: precision, seed: seed &+ 2)
        output = try Linear(inputs: dimension, outputs: dimension, precision: precision, seed: seed &+ 3)
        self.heads = heads
    }

    /// The layer's parameters, for an optimizer.
    public var parameters: [Parameter] { [query, key, value, output].flatMap(\.parameters) }

    /// The attention of each sequence of `length` rows of `x`, recorded on `x`'s tape.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` unless `x`'s rows are whole sequences
    ///   of `length ≥ 1`; ``TensorError/shapeMismatch(operation:_:_:)`` for another width.
    public func callAsFunction(_ x: Variable, length: Int, causal: Bool = false) throws(TensorError) -> Variable {
        guard x.value.rank == 2, length >= 1, x.value.shape[0] % length == 0 else {
            throw .invalidParameter("attention over sequences of \(length) rows of a \(x.value.shape) value")
        }
        let attended = try query(x).attention(keys: key(x), values: value(x), heads: heads, length: length, causal: causal)
        return try output(attended)
    }
}
