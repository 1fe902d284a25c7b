import ChopFormats

/// Reductions in the tensor's precision, in a stated ``SummationOrder``: every partial sum the
/// order names is rounded to the precision (stochastic modes: one word per rounding).
extension Tensor {
    /// The sum of every element.
    public func sum(order: SummationOrder = .sequential) throws(TensorError) -> Double {
        let stream = precision.nextStream()
        return try reduce(order: order, products: .exact) { reduction in
            scalars.withUnsafeBufferPointer { x in
                [reduction.reduce(count: x.count, stream: stream, output: 0, { x[$0] }, { _ in 1 })]
            }
        }[0]
    }

    /// The sums along `axis` (negative counts from the end); the result drops that axis.
    public func sum(alongAxis axis: Int, order: SummationOrder = .sequential) throws(TensorError) -> Tensor {
        guard -rank <= axis && axis < rank else { throw .invalidAxis(operation: "sum", axis: axis, rank: rank) }
        let axis = axis < 0 ? axis + rank : axis
        let outer = shape[..<axis].reduce(1, *)
        let length = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        let stream = precision.nextStream()
        let result = try reduce(order: order, products: .exact) { reduction in
            scalars.withUnsafeBufferPointer { x in
                var result = [Double](repeating: 0, count: outer * inner)
                for o in 0..<outer {
                    for i in 0..<inner {
                        let base = o * length * inner + i
                        result[o * inner + i] = reduction.reduce(
                            count: length, stream: stream, output: o * inner + i, { x[base + $0 * inner] }, { _ in 1 })
                    }
                }
                return result
            }
        }
        var newShape = shape
        newShape.remove(at: axis)
        return Tensor(uncheckedScalars: result, shape: newShape, precision: precision)
    }

    /// `Σ self[i]·other[i]` over the elements in row-major order (same element count).
    ///
    /// - Parameter products: each product's rounding; nil (the default) rounds it to the
    ///   tensor's precision, as a multiply instruction would; `.exact` makes each step a fused
    ///   multiply-add.
    public func dot(
        _ other: Tensor, order: SummationOrder = .sequential, products: ProductRounding? = nil
    ) throws(TensorError) -> Double {
        guard count == other.count else { throw .shapeMismatch(operation: "dot", shape, other.shape) }
        guard precision.roundsLike(other.precision) else {
            throw .differentPrecisions(precision.description, other.precision.description)
        }
        let stream = precision.nextStream()
        return try reduce(order: order, products: products) { reduction in
            scalars.withUnsafeBufferPointer { x in
                other.scalars.withUnsafeBufferPointer { y in
                    [reduction.reduce(count: x.count, stream: stream, output: 0, { x[$0] }, { y[$0] })]
                }
            }
        }[0]
    }

    /// The Euclidean norm `√(Σ xᵢ²)`: the sum of squares as ``dot(_:order:products:)`` with
    /// itself, then a rounded square root.
    public func norm(order: SummationOrder = .sequential, products: ProductRounding? = nil) throws(TensorError) -> Double {
        precision.arithmetic.squareRoot(try dot(self, order: order, products: products), randomWord: precision.nextStream().word(at: 0))
    }

    /// Runs `body` with the reduction of this tensor's precision: products as `products` says,
    /// nil meaning rounded to the precision itself. A float precision with float (or
    /// exact) products gets the reduction specialized for ``FloatRounder``; others open their types
    /// once (``makeReduction(order:accumulator:products:faults:)``).
    private func reduce(
        order: SummationOrder, products: ProductRounding?, _ body: (any TensorReduction) -> [Double]
    ) throws(TensorError) -> [Double] {
        let products = products ?? .rounded(precision.arithmetic)
        if let reduction = try Reduction.float(order: order, accumulator: precision.arithmetic, products: products) {
            return body(reduction)
        }
        return body(try makeReduction(order: order, accumulator: precision.arithmetic, products: products))
    }

    /// The largest magnitude (exact; NaN if any element is NaN; 0 for an empty tensor).
    public var maxMagnitude: Double {
        scalars.reduce(0.0) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1.magnitude) }
    }
}
