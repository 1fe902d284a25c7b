import ChopFormats
import ChopTensors

extension Tensor {
    /// The array in `path` (`.npy` in either order, raw, text) rounded to `precision`: each
    /// value once, decimal text from its exact value.
    ///
    /// - Throws: ``ChopIOError`` naming the file and the problem.
    public init(contentsOf path: String, precision: TensorPrecision) throws(ChopIOError) {
        let array = try WholeArray(path: path)
        let stream = precision.nextStream()
        var values = array.values
        for (index, tail) in array.tails {
            values[index] = precision.rounder.round(head: values[index], tail: tail, randomWord: stream.word(at: UInt64(index)))
        }
        let exactHeads = Set(array.tails.map(\.index))
        for i in values.indices where !exactHeads.contains(i) {
            values[i] = precision.rounder.round(values[i], randomWord: stream.word(at: UInt64(i)))
        }
        do {
            self = try Tensor(exactly: values, shape: array.shape, precision: precision)
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
