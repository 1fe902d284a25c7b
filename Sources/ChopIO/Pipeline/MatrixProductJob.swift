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
    public let a: String
    public let b: String
    public let output: String?
    /// The input rounding and model.
    public let product: MatrixProduct
    /// The `.npy` element type of the result.
    public let outputStorage: ElementStorage
    public let threads: Int

    public init(
        a: String, b: String, output: String?, product: MatrixProduct, outputStorage: ElementStorage,
        threads: Int = Parallelism.automatic
    ) {
        self.a = a
        self.b = b
        self.output = output
        self.product = product
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
        let c: [Double]
        do {
            c = try product.multiply(left.values, right.values, m: m, k: k, n: n, aTails: left.tails, bTails: right.tails, threads: threads)
        } catch {
            throw .usage(error.description)
        }
        try writeWholeArray(c, shape: [m, n], to: output, storage: outputStorage)
        return Summary(m: m, k: k, n: n)
    }
}
