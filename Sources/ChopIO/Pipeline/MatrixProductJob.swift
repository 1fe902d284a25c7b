import ChopBlocks
import ChopFormats
import ChopTensors

/// `chop matmul`: `C = A·B` from two array files, as a ``MatrixMultiplication`` model computes
/// it, after rounding the inputs to an input format.
///
/// Inputs: `A` is `m×k`, `B` is `k×n` (`.npy` in either order, raw files are refused — they
/// have no shape —, text with one matrix row per line). Each input is rounded to the input
/// format: a float or posit format element by element (decimal text from its exact value), or a block
/// format along k (A's rows, B's columns: the blocks a kernel's scales cover), dequantized.
/// The result is written atomically; any error leaves the destination untouched.
public struct MatrixProductJob: Sendable {
    /// How inputs are brought to the input format.
    public enum InputRounding: Sendable {
        /// Element by element in a float or posit format.
        case scalar(any ScalarArithmetic)
        case block(BlockQuantizer)
    }

    public let a: String
    public let b: String
    public let output: String?
    public let inputs: InputRounding
    public let model: MatrixMultiplication
    /// The `.npy` element type of the result.
    public let outputStorage: ElementStorage
    public let threads: Int

    public init(
        a: String, b: String, output: String?, inputs: InputRounding, model: MatrixMultiplication,
        outputStorage: ElementStorage, threads: Int = Parallelism.automatic
    ) {
        self.a = a
        self.b = b
        self.output = output
        self.inputs = inputs
        self.model = model
        self.outputStorage = outputStorage
        self.threads = threads
    }

    /// What a run did: the dimensions.
    public struct Summary: Sendable {
        public let m: Int
        public let k: Int
        public let n: Int
    }

    /// Reads, rounds, multiplies, writes.
    public func run() throws(ChopIOError) -> Summary {
        for path in [a, b] {
            if case .raw = try ArrayFileKind(path: path) {
                throw .usage("\(path) is a raw file without a shape: give matrices as .npy or text")
            }
        }
        let left = try WholeArray(path: a)
        let right = try WholeArray(path: b)
        let (m, k) = try left.matrixShape("A", a)
        let (k2, n) = try right.matrixShape("B", b)
        guard k == k2 else {
            throw .usage("A (\(a)) is \(m)×\(k) and B (\(b)) is \(k2)×\(n): the inner dimensions \(k) and \(k2) differ")
        }
        let x = try rounded(left, axis: 1, path: a, stream: 0)
        let y = try rounded(right, axis: 0, path: b, stream: 1)
        let c: [Double]
        do {
            c = try model.multiply(x, y, m: m, k: k, n: n, threads: threads)
        } catch {
            throw .usage(error.description)
        }
        try writeWholeArray(c, shape: [m, n], to: output, storage: outputStorage)
        return Summary(m: m, k: k, n: n)
    }

    /// An input rounded to the input format; block formats along `axis` (k).
    private func rounded(_ array: WholeArray, axis: Int, path: String, stream: UInt64) throws(ChopIOError) -> [Double] {
        let seed = RandomStream(seed: model.seed).word(at: 2 + stream)
        switch inputs {
        case .scalar(let rounder):
            return rounder.rounded(array.values, exactTails: array.tails, seed: seed, threads: threads)
        case .block(let quantizer):
            do {
                return try quantizer.quantizeDequantize(array.values, shape: array.shape, axis: axis, seed: seed, threads: threads)
            } catch {
                throw .usage("\(path): \(error)")
            }
        }
    }
}
