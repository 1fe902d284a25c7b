import ChopBlocks
import ChopFormats
import ChopTensors

/// A matrix product as a kernel computes it (``MatrixProductSettings/resolved()`` makes one
/// from names): an idealized accumulation after rounding the inputs to an input format, or a
/// GPU's matrix unit.
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

    /// The arithmetic of the product.
    public enum Model: Sendable {
        /// Inputs rounded, then a ``MatrixMultiplication`` (two-dimensional operands, no addend).
        case idealized(inputs: InputRounding, MatrixMultiplication)
        /// A GPU's matrix unit, with NumPy `matmul` batches and an addend.
        case blockFMA(BlockFMA)
    }

    public let model: Model
    /// The format of the result's elements.
    public let outputFormat: any ScalarFormat

    public init(_ model: Model, outputFormat: any ScalarFormat) {
        self.model = model
        self.outputFormat = outputFormat
    }

    /// `A·B (+ C)`: for a block FMA, NumPy `matmul` shapes and an addend that broadcasts to the
    /// result; for an idealized model, `A` of shape `[m, k]` and `B` of `[k, n]`. Where
    /// `aTails`/`bTails` name an element of an idealized model's input, its exact value is the
    /// element plus the tail (decimal text).
    ///
    /// - Throws: ``TensorError`` for shapes that do not multiply or arrays that do not hold
    ///   them, an addend given to an idealized model, or a block format's refusal.
    public func multiply(
        _ a: [Double], shape aShape: [Int], _ b: [Double], shape bShape: [Int], addend: (values: [Double], shape: [Int])? = nil,
        aTails: [(index: Int, tail: Double)] = [], bTails: [(index: Int, tail: Double)] = [], threads: Int = Parallelism.automatic
    ) throws(TensorError) -> (values: [Double], shape: [Int]) {
        switch model {
        case .blockFMA(let unit):
            return try unit.matmul(a, shape: aShape, b, shape: bShape, addend: addend, threads: threads)
        case .idealized(let inputs, let multiplication):
            guard addend == nil else { throw .invalidParameter("an addend needs a GPU model") }
            guard aShape.count == 2, bShape.count == 2, aShape[1] == bShape[0] else {
                throw .shapeMismatch(operation: "matmul", aShape, bShape)
            }
            let (m, k, n) = (aShape[0], aShape[1], bShape[1])
            guard a.count == m * k else { throw .countMismatch(shape: aShape, count: a.count) }
            guard b.count == k * n else { throw .countMismatch(shape: bShape, count: b.count) }
            let seed = multiplication.seed
            let x = try Self.rounded(a, inputs, tails: aTails, shape: aShape, axis: 1, seed: RandomStream(seed: seed).word(at: 2), threads: threads, name: "A")
            let y = try Self.rounded(b, inputs, tails: bTails, shape: bShape, axis: 0, seed: RandomStream(seed: seed).word(at: 3), threads: threads, name: "B")
            return (try multiplication.multiply(x, y, m: m, k: k, n: n, threads: threads), [m, n])
        }
    }

    /// An input rounded to the input format; block formats along `axis` (k).
    private static func rounded(
        _ values: [Double], _ inputs: InputRounding, tails: [(index: Int, tail: Double)], shape: [Int], axis: Int, seed: UInt64,
        threads: Int, name: String
    ) throws(TensorError) -> [Double] {
        switch inputs {
        case .scalar(let rounder):
            return rounder.rounded(values, exactTails: tails, seed: seed, threads: threads)
        case .block(let quantizer):
            do {
                return try quantizer.quantizeDequantize(values, shape: shape, axis: axis, seed: seed, threads: threads)
            } catch {
                throw .invalidParameter("\(name): \(error)")
            }
        }
    }
}
