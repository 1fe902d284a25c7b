import ChopFormats

/// Block and integer formats on tensors: quantize-on-store.
extension Tensor {
    /// The tensor's values quantized and dequantized by `rounder` (a block format along an
    /// axis or in tiles, an integer quantization per tensor, channel or block, or any other
    /// ``FormatRounder``), in the tensor's shape, kept in the tensor's precision: what a
    /// kernel stores before a matrix product (MX or NVFP4 inputs quantized along k).
    ///
    /// ```swift
    /// let bf16 = try TensorPrecision(.bfloat16)
    /// let w = try Tensor(rounding: weights, shape: [64, 256], precision: bf16)
    /// let w4 = try w.quantized(by: BlockRounder(format: .mxfp4, axis: 1))   // blocks along k
    /// let y = try w4.matmul(x, model: model)
    /// ```
    ///
    /// Stochastic modes draw the words of the precision's next stream (element `i` word `i`).
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` with the rounder's message when it
    ///   refuses the shape (an axis outside the tensor, tiles on a vector);
    ///   ``TensorError/notRepresentable(index:value:format:)`` when a dequantized value is not
    ///   a value of the tensor's precision (convert the tensor to a wider precision first).
    public func quantized(by rounder: some FormatRounder) throws(TensorError) -> Tensor {
        var values = scalars
        let seed = precision.nextStream().seed
        do {
            try values.withUnsafeMutableBufferPointer { buffer in
                try rounder.round(buffer, shape: shape, seed: seed, threads: 1)
            }
        } catch {
            throw .invalidParameter("\(rounder.format.name): \(error)")
        }
        return try Tensor(exactly: values, shape: shape, precision: precision)
    }
}
