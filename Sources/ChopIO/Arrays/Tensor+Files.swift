import ChopFormats
import ChopTensors

extension Tensor {
    /// The array in `path` (`.npy` in either order, raw, text) rounded to `precision`: each
    /// value once, decimal text from its exact value.
    ///
    /// - Throws: ``ChopIOError`` naming the file and the problem.
    public init(contentsOf path: String, precision: TensorPrecision) throws(ChopIOError) {
        let array = try WholeArray(path: path)
        do {
            self = try Tensor(rounding: array.values, exactTails: array.tails, shape: array.shape, precision: precision)
        } catch {
            throw .badData(path, error.description)
        }
    }

    /// Writes the values (row-major, the tensor's shape) to `path`: `.npy` as `storage`
    /// (default float64), raw, or text; atomically.
    public func write(to path: String, storage: ElementStorage = ElementStorage(.float64)) throws(ChopIOError) {
        try ArrayFile.write(scalars, shape: shape, to: path, storage: storage)
    }
}
