import ChopFormats

/// NumPy's broadcasting: shapes are aligned at their last dimension; each pair of sizes must
/// be equal or one of them 1 (missing leading dimensions count as 1).
extension Tensor {
    /// The shape two operands broadcast to.
    ///
    /// - Throws: ``TensorError/shapeMismatch(operation:_:_:)`` naming both shapes.
    static func broadcastShape(_ a: [Int], _ b: [Int], operation: String) throws(TensorError) -> [Int] {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let x = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
            let y = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else { throw .shapeMismatch(operation: operation, a, b) }
            result[axis] = x == 1 ? y : x
        }
        return result
    }

    /// For each element of `resultShape` in row-major order, the offsets of the operand
    /// elements that broadcast to it.
    static func broadcastOffsets(_ shape: [Int], to resultShape: [Int]) -> [Int] {
        let rank = resultShape.count
        // Strides of the operand aligned to the result, 0 along broadcast dimensions.
        var strides = [Int](repeating: 0, count: rank)
        var stride = 1
        for axis in (0..<shape.count).reversed() {
            let resultAxis = axis + rank - shape.count
            strides[resultAxis] = shape[axis] == 1 ? 0 : stride
            stride *= shape[axis]
        }
        return stridedOffsets(shape: resultShape, strides: strides)
    }
}
