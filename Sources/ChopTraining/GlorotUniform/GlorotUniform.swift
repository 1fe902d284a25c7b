import ChopFormats
import ChopTensors

/// Glorot-uniform initial weights: `shape`'s values drawn uniformly from
/// `±√(6 / (fanIn + fanOut))` by a generator seeded `seed`, rounded to `precision`.
func glorotUniform(shape: [Int], fanIn: Int, fanOut: Int, precision: TensorPrecision, seed: UInt64) throws(TensorError)
    -> Tensor
{
    let limit = (6 / Double(fanIn + fanOut)).squareRoot()
    var generator = WyRand(seed: seed)
    let values = (0..<shape.reduce(1, *)).map { _ in (Double(generator.next() >> 11) * 0x1p-53 * 2 - 1) * limit }
    return try Tensor(rounding: values, shape: shape, precision: precision)
}
