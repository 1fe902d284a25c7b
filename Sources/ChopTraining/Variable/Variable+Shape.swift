import ChopTensors

/// Operations that move values without rounding them, and image patches for convolutions.
extension Variable {
    /// The same values in another shape (row-major order kept). Backward: the gradient
    /// reshaped back.
    ///
    /// - Throws: ``TensorError/countMismatch(shape:count:)`` for a shape of another count.
    public func reshaped(to shape: [Int]) throws(TensorError) -> Variable {
        let original = value.shape
        return recording(try value.reshaped(to: shape), operands: [self]) { gradient throws(TensorError) in
            [try gradient.reshaped(to: original)]
        }
    }

    /// The matrix transpose. Backward: the gradient transposed.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` unless the value is a matrix.
    public func transposed() throws(TensorError) -> Variable {
        guard value.rank == 2 else { throw .invalidParameter("transpose of a tensor of shape \(value.shape): it takes a matrix") }
        return recording(value.transposed, operands: [self]) { gradient throws(TensorError) in [gradient.transposed] }
    }

    /// Rows `range` of a matrix. Backward: the gradient in those rows, zeros elsewhere.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` for a range outside the rows.
    public func rows(_ range: Range<Int>) throws(TensorError) -> Variable {
        try slice(range, axis: 0)
    }

    /// Columns `range` of a matrix. Backward: the gradient in those columns, zeros elsewhere.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` for a range outside the columns.
    public func columns(_ range: Range<Int>) throws(TensorError) -> Variable {
        try slice(range, axis: 1)
    }

    private func slice(_ range: Range<Int>, axis: Int) throws(TensorError) -> Variable {
        guard value.rank == 2 else { throw .invalidParameter("a slice of a tensor of shape \(value.shape): it takes a matrix") }
        let shape = value.shape
        let part = axis == 0 ? try value.slice(range) : try value.slice(0..<shape[0], range)
        return recording(part, operands: [self]) { gradient throws(TensorError) in
            var full = [Double](repeating: 0, count: shape[0] * shape[1])
            let width = part.shape[1]
            for i in 0..<part.shape[0] {
                for j in 0..<width {
                    let (row, column) = axis == 0 ? (range.lowerBound + i, j) : (i, range.lowerBound + j)
                    full[row * shape[1] + column] = gradient.scalars[i * width + j]
                }
            }
            return [try Tensor(exactly: full, shape: shape, precision: gradient.precision)]
        }
    }

    /// Matrices of the same width stacked (`axis` 0), or of the same height side by side
    /// (`axis` 1), all of one tape. Backward: each part's slice of the gradient.
    ///
    /// - Throws: ``TensorError/shapeMismatch(operation:_:_:)`` for parts that do not fit, and
    ///   ``TensorError/invalidParameter(_:)`` for no parts, an axis other than 0 or 1, or parts
    ///   of different tapes.
    public static func concatenating(_ parts: [Variable], axis: Int) throws(TensorError) -> Variable {
        guard let first = parts.first, axis == 0 || axis == 1 else {
            throw .invalidParameter("concatenation of \(parts.count) parts along axis \(axis): give parts, along axis 0 or 1")
        }
        for part in parts where part.value.rank != 2 || part.value.shape[1 - axis] != first.value.shape[1 - axis] {
            throw .shapeMismatch(operation: "concatenation along axis \(axis)", first.value.shape, part.value.shape)
        }
        guard parts.allSatisfy({ $0.tape === first.tape }) else { throw .invalidParameter("concatenation of variables of different tapes") }
        let shapes = parts.map(\.value.shape)
        let total = shapes.reduce(0) { $0 + $1[axis] }
        let shape = axis == 0 ? [total, first.value.shape[1]] : [first.value.shape[0], total]
        var values = [Double](repeating: 0, count: shape[0] * shape[1])
        var offset = 0
        for part in parts {
            let (rows, columns) = (part.value.shape[0], part.value.shape[1])
            for i in 0..<rows {
                for j in 0..<columns {
                    let (row, column) = axis == 0 ? (offset + i, j) : (i, offset + j)
                    values[row * shape[1] + column] = part.value.scalars[i * columns + j]
                }
            }
            offset += part.value.shape[axis]
        }
        let result = try Tensor(exactly: values, shape: shape, precision: first.recipe.activations)
        return first.recording(result, operands: parts) { gradient throws(TensorError) in
            var start = 0
            var pieces: [Tensor] = []
            for partShape in shapes {
                let range = start..<(start + partShape[axis])
                pieces.append(axis == 0 ? try gradient.slice(range) : try gradient.slice(0..<shape[0], range))
                start = range.upperBound
            }
            return pieces
        }
    }

    /// The patches a 2-D convolution multiplies (im2col): `self` is a batch of images, one per
    /// row, each `height × width × channels` in that order; the result has one row per
    /// output position (`batch·outHeight·outWidth` rows, positions in row-major order) holding
    /// its `kernel.height × kernel.width × channels` input values, zeros where the kernel
    /// reaches into the padding. `outHeight = (height + 2·padding − kernel.height) / stride + 1`,
    /// likewise for the width.
    ///
    /// Backward: each input's gradient is the sum of the gradients of its copies, added in
    /// patch order, each add rounded to the gradient precision.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` for a value of another width, or a
    ///   kernel larger than the padded image, a stride below 1 or negative padding.
    public func patches(
        height: Int, width: Int, channels: Int, kernel: (height: Int, width: Int), stride: Int = 1, padding: Int = 0
    ) throws(TensorError) -> Variable {
        let geometry = try PatchGeometry(
            height: height, width: width, channels: channels, kernel: kernel, stride: stride, padding: padding)
        guard value.rank == 2, value.shape[1] == geometry.imageSize else {
            throw .invalidParameter("patches of a \(value.shape) value: each row must be one \(height)×\(width)×\(channels) image")
        }
        let batch = value.shape[0]
        return try gathering(geometry.sources(batch: batch), shape: [batch * geometry.positions, geometry.patchSize])
    }

    /// A tensor of `shape` whose element `i` is this value's element `sources[i]` (flat
    /// indices), or 0 where `sources[i]` is negative. Backward: each element's gradient is the
    /// sum of the gradients of its copies, added in the result's order, each add rounded to
    /// the gradient precision (element `i`'s add draws word `i`).
    func gathering(_ sources: [Int], shape: [Int]) throws(TensorError) -> Variable {
        let values = sources.map { $0 < 0 ? 0 : value.scalars[$0] }
        let result = try Tensor(exactly: values, shape: shape, precision: value.precision)
        let (inputShape, gradients) = (value.shape, recipe.gradients)
        return recording(result, operands: [self]) { gradient throws(TensorError) in
            var sums = [Double](repeating: 0, count: inputShape.reduce(1, *))
            let (stream, arithmetic) = (gradients.nextStream(), gradients.arithmetic)
            for (index, source) in sources.enumerated() where source >= 0 {
                sums[source] = arithmetic.sum(sums[source], gradient.scalars[index], randomWord: stream.word(at: UInt64(index)))
            }
            return [try Tensor(exactly: sums, shape: inputShape, precision: gradients)]
        }
    }
}

/// Where a convolution's patches read their values.
struct PatchGeometry {
    let height, width, channels: Int
    let kernel: (height: Int, width: Int)
    let stride, padding: Int
    let outHeight, outWidth: Int

    init(height: Int, width: Int, channels: Int, kernel: (height: Int, width: Int), stride: Int, padding: Int)
        throws(TensorError)
    {
        guard height >= 1, width >= 1, channels >= 1, kernel.height >= 1, kernel.width >= 1, stride >= 1, padding >= 0,
            kernel.height <= height + 2 * padding, kernel.width <= width + 2 * padding
        else {
            throw .invalidParameter(
                "a \(kernel.height)×\(kernel.width) kernel, stride \(stride), padding \(padding) on \(height)×\(width)×\(channels) images")
        }
        (self.height, self.width, self.channels, self.kernel, self.stride, self.padding) =
            (height, width, channels, kernel, stride, padding)
        outHeight = (height + 2 * padding - kernel.height) / stride + 1
        outWidth = (width + 2 * padding - kernel.width) / stride + 1
    }

    var imageSize: Int { height * width * channels }
    var positions: Int { outHeight * outWidth }
    var patchSize: Int { kernel.height * kernel.width * channels }

    /// For each patch element of a batch, in the result's row-major order, the flat index of
    /// the input value it copies, or -1 for padding.
    func sources(batch: Int) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(batch * positions * patchSize)
        for image in 0..<batch {
            for oy in 0..<outHeight {
                for ox in 0..<outWidth {
                    for ky in 0..<kernel.height {
                        for kx in 0..<kernel.width {
                            let (y, x) = (oy * stride + ky - padding, ox * stride + kx - padding)
                            let inside = (0..<height).contains(y) && (0..<width).contains(x)
                            for c in 0..<channels {
                                result.append(inside ? image * imageSize + (y * width + x) * channels + c : -1)
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}

extension Variable {
    /// Rows `indices` of a matrix, in that order (an embedding lookup: token ids into a
    /// table). Backward: each row's gradient added into its source row, in order, each add
    /// rounded to the gradient precision.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` unless the value is a matrix and every
    ///   index is one of its rows.
    public func gathering(rows indices: [Int]) throws(TensorError) -> Variable {
        guard value.rank == 2 else { throw .invalidParameter("rows of a tensor of shape \(value.shape): it takes a matrix") }
        let (rows, width) = (value.shape[0], value.shape[1])
        if let bad = indices.first(where: { !(0..<rows).contains($0) }) {
            throw .invalidParameter("row \(bad) of a table of \(rows) rows")
        }
        return try gathering(indices.flatMap { row in (0..<width).map { row * width + $0 } }, shape: [indices.count, width])
    }
}
