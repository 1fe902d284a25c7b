import ChopFormats

/// Shape operations: they move values without rounding (every value stays representable).
extension Tensor {
    /// The same values (row-major) in another shape with the same element count.
    public func reshaped(to newShape: [Int]) throws(TensorError) -> Tensor {
        try Self.check(shape: newShape, count: count)
        return Tensor(uncheckedScalars: scalars, shape: newShape, precision: precision)
    }

    /// The axes reordered: result axis `i` is this tensor's axis `permutation[i]`.
    public func permuted(_ permutation: [Int]) throws(TensorError) -> Tensor {
        guard permutation.sorted() == Array(0..<rank) else {
            throw .invalidAxis(operation: "permute \(permutation)", axis: permutation.first { !(0..<rank).contains($0) } ?? -1, rank: rank)
        }
        let newShape = permutation.map { shape[$0] }
        var strides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        let permutedStrides = permutation.map { strides[$0] }
        let result = stridedOffsets(shape: newShape, strides: permutedStrides).map { scalars[$0] }
        return Tensor(uncheckedScalars: result, shape: newShape, precision: precision)
    }

    /// The matrix transpose (rank 2), or the axes reversed for any rank.
    public var transposed: Tensor { try! permuted(Array((0..<rank).reversed())) }

    /// The sub-tensor of the given index range along each leading axis (axes not named are
    /// kept whole).
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` for a range outside its dimension.
    public func slice(_ ranges: Range<Int>...) throws(TensorError) -> Tensor {
        guard ranges.count <= rank else { throw .invalidParameter("\(ranges.count) ranges for a tensor of rank \(rank)") }
        for (axis, range) in ranges.enumerated() where range.lowerBound < 0 || range.upperBound > shape[axis] {
            throw .invalidParameter("range \(range) outside axis \(axis) of size \(shape[axis])")
        }
        let full = ranges + shape.dropFirst(ranges.count).map { 0..<$0 }
        let newShape = full.map(\.count)
        var result: [Double] = []
        result.reserveCapacity(newShape.reduce(1, *))
        func visit(_ axis: Int, _ offset: Int) {
            if axis == rank {
                result.append(scalars[offset])
                return
            }
            for index in full[axis] { visit(axis + 1, offset * shape[axis] + index) }
        }
        if newShape.reduce(1, *) > 0 { visit(0, 0) }
        return Tensor(uncheckedScalars: result, shape: newShape, precision: precision)
    }
}
