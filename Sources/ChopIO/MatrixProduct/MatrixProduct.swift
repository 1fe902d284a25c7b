import ChopBlocks
import ChopFormats
import ChopTensors

/// A matrix product as a kernel computes it: the inputs rounded to an input format, then a
/// ``MatrixMultiplication`` model (``MatrixProductSettings/resolved()`` makes one from names).
///
/// Stochastic input rounding draws from streams derived from the model's seed (A from word 2
/// of its stream, B from word 3), element `i` of an input from word `i`.
public struct MatrixProduct: Sendable {
    /// How inputs are brought to the input format.
    public enum InputRounding: Sendable {
        /// Element by element in a float or posit format.
        case scalar(any ScalarArithmetic)
        /// Quantized along k (A's rows, B's columns: the blocks a kernel's scales cover) and
        /// dequantized.
        case block(BlockQuantizer)
    }

    public let inputs: InputRounding
    public let model: MatrixMultiplication
    /// The format of the result's elements.
    public let outputFormat: any ScalarFormat

    public init(inputs: InputRounding, model: MatrixMultiplication, outputFormat: any ScalarFormat) {
        self.inputs = inputs
        self.model = model
        self.outputFormat = outputFormat
    }

    /// `A·B` for row-major `A` (`m×k`) and `B` (`k×n`), after rounding both to the input
    /// format; where `aTails`/`bTails` name an element, its exact value is the element plus the
    /// tail (decimal text).
    ///
    /// - Throws: ``TensorError`` for arrays that do not hold their matrices; a block format's
    ///   refusal as ``TensorError/invalidParameter(_:)``.
    public func multiply(
        _ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, aTails: [(index: Int, tail: Double)] = [],
        bTails: [(index: Int, tail: Double)] = [], threads: Int = Parallelism.automatic
    ) throws(TensorError) -> [Double] {
        guard m >= 0, k >= 0, n >= 0, a.count == m * k, b.count == k * n else {
            throw .countMismatch(shape: a.count == m * k ? [k, n] : [m, k], count: a.count == m * k ? b.count : a.count)
        }
        let x = try rounded(a, tails: aTails, shape: [m, k], axis: 1, stream: 0, threads: threads)
        let y = try rounded(b, tails: bTails, shape: [k, n], axis: 0, stream: 1, threads: threads)
        return try model.multiply(x, y, m: m, k: k, n: n, threads: threads)
    }

    /// An input rounded to the input format; block formats along `axis` (k).
    private func rounded(
        _ values: [Double], tails: [(index: Int, tail: Double)], shape: [Int], axis: Int, stream: UInt64, threads: Int
    ) throws(TensorError) -> [Double] {
        let seed = RandomStream(seed: model.seed).word(at: 2 + stream)
        switch inputs {
        case .scalar(let rounder):
            return rounder.rounded(values, exactTails: tails, seed: seed, threads: threads)
        case .block(let quantizer):
            do {
                return try quantizer.quantizeDequantize(values, shape: shape, axis: axis, seed: seed, threads: threads)
            } catch {
                throw .invalidParameter("\(stream == 0 ? "A" : "B"): \(error)")
            }
        }
    }
}
