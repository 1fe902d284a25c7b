import ChopFormats

/// Matrix products of rank-2 tensors.
extension Tensor {
    /// `self · other` as `model` computes it; the result's precision is the model's output
    /// rounding (or its accumulator's), seeded with the model's seed.
    ///
    /// - Throws: ``TensorError/shapeMismatch(operation:_:_:)`` unless `self` is `m×k` and
    ///   `other` is `k×n`.
    public func matmul(_ other: Tensor, model: MatrixMultiplication, threads: Int = Parallelism.automatic) throws(TensorError) -> Tensor {
        guard rank == 2, other.rank == 2, shape[1] == other.shape[0] else {
            throw .shapeMismatch(operation: "matmul", shape, other.shape)
        }
        let (m, k, n) = (shape[0], shape[1], other.shape[1])
        let values = try model.multiply(scalars, other.scalars, m: m, k: k, n: n, threads: threads)
        let precision = TensorPrecision(rounder: model.output ?? model.accumulator, seed: model.seed)
        return Tensor(uncheckedScalars: values, shape: [m, n], precision: precision)
    }

    /// `self · other` with every operation in this tensor's precision (a float or a posit):
    /// each product rounded, then added in ascending order and rounded (a loop of separate
    /// multiplies and adds).
    public func matmul(_ other: Tensor) throws(TensorError) -> Tensor {
        guard precision.roundsLike(other.precision) else {
            throw .differentPrecisions(precision.description, other.precision.description)
        }
        let rounder = precision.arithmetic
        let model = MatrixMultiplication(
            accumulator: rounder, order: .sequential, products: .rounded(rounder),
            seed: precision.nextStream().seed)
        let result = try matmul(other, model: model)
        return Tensor(uncheckedScalars: result.scalars, shape: result.shape, precision: precision)
    }
}

/// Matrix products on a GPU's matrix unit.
extension Tensor {
    /// `self · other + addend` as the block FMA `model` computes it, with NumPy `matmul`
    /// semantics (batches broadcast, 1-D operands are vectors); the result's precision is the
    /// model's output format.
    ///
    /// - Throws: as ``BlockFMA/matmul(_:shape:_:shape:addend:threads:)``.
    public func matmul(_ other: Tensor, model: BlockFMA, addend: Tensor? = nil, threads: Int = Parallelism.automatic) throws(TensorError) -> Tensor {
        let (values, shape) = try model.matmul(
            scalars, shape: self.shape, other.scalars, shape: other.shape, addend: addend.map { ($0.scalars, $0.shape) },
            threads: threads)
        let precision = TensorPrecision(rounder: try! FloatRounder(format: model.outputFormat), seed: 0)
        return Tensor(uncheckedScalars: values, shape: shape, precision: precision)
    }
}
