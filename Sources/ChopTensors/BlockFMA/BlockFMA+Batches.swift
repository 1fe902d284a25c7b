import ChopFormats

extension BlockFMA {
    /// `D = A·B + C` with NumPy `matmul` semantics: a 1-D `A` is a row and a 1-D `B` a column
    /// (that dimension left out of the result), leading dimensions are batches that broadcast,
    /// and `C` (nil: zeros) broadcasts to the result's shape. Each matrix of the batch is
    /// ``multiply(_:_:addend:m:k:n:threads:)``.
    ///
    /// - Throws: ``TensorError/shapeMismatch(operation:_:_:)`` for shapes that do not
    ///   multiply or broadcast, ``TensorError/countMismatch(shape:count:)`` for arrays that do
    ///   not hold their shapes.
    public func matmul(
        _ a: [Double], shape aShape: [Int], _ b: [Double], shape bShape: [Int], addend: (values: [Double], shape: [Int])? = nil,
        threads: Int = Parallelism.automatic
    ) throws(TensorError) -> (values: [Double], shape: [Int]) {
        guard !aShape.isEmpty, !bShape.isEmpty else { throw .shapeMismatch(operation: "matmul", aShape, bShape) }
        guard aShape.reduce(1, *) == a.count else { throw .countMismatch(shape: aShape, count: a.count) }
        guard bShape.reduce(1, *) == b.count else { throw .countMismatch(shape: bShape, count: b.count) }
        let left = aShape.count == 1 ? [1] + aShape : aShape
        let right = bShape.count == 1 ? bShape + [1] : bShape
        let (m, k, k2, n) = (left[left.count - 2], left[left.count - 1], right[right.count - 2], right[right.count - 1])
        guard k == k2 else { throw .shapeMismatch(operation: "matmul", aShape, bShape) }
        let (leftBatch, rightBatch) = (Array(left.dropLast(2)), Array(right.dropLast(2)))
        let batch = try Tensor.broadcastShape(leftBatch, rightBatch, operation: "matmul")
        var shape = batch
        if aShape.count > 1 { shape.append(m) }
        if bShape.count > 1 { shape.append(n) }
        // The addend in the result's order (leaving out size-1 dimensions keeps that order).
        var addends: [Double]?
        if let addend {
            guard addend.shape.reduce(1, *) == addend.values.count else {
                throw .countMismatch(shape: addend.shape, count: addend.values.count)
            }
            guard try Tensor.broadcastShape(addend.shape, shape, operation: "matmul addend") == shape else {
                throw .shapeMismatch(operation: "matmul addend", addend.shape, shape)
            }
            addends = Tensor.broadcastOffsets(addend.shape, to: shape).map { addend.values[$0] }
        }
        let batchCount = batch.reduce(1, *)
        let leftOffsets = Tensor.broadcastOffsets(leftBatch, to: batch)
        let rightOffsets = Tensor.broadcastOffsets(rightBatch, to: batch)
        var values: [Double] = []
        values.reserveCapacity(batchCount * m * n)
        for index in 0..<batchCount {
            let x = Array(a[leftOffsets[index] * m * k..<(leftOffsets[index] + 1) * m * k])
            let y = Array(b[rightOffsets[index] * k * n..<(rightOffsets[index] + 1) * k * n])
            let c = addends.map { Array($0[index * m * n..<(index + 1) * m * n]) }
            values += try multiply(x, y, addend: c, m: m, k: k, n: n, threads: threads)
        }
        return (values, shape)
    }
}
