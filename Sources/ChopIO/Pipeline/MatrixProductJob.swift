import ChopBlocks
import ChopFormats
import ChopTensors

/// `chop matmul`: `D = A·B (+ C)` from array files, as a ``MatrixProduct`` computes it.
///
/// Inputs: `.npy` in either order (raw files are refused — they have no shape —) or text with
/// one matrix row per line. An idealized model takes `A` `m×k` and `B` `k×n`, rounds each to
/// the input format (a float or posit format element by element, decimal text from its exact
/// value, or a block format along k: A's rows, B's columns, dequantized). A GPU model takes
/// NumPy `matmul` shapes (batches broadcast; 1-D operands are vectors) and an addend file that
/// broadcasts to the result. The result is written atomically; any error leaves the
/// destination untouched.
public struct MatrixProductJob: Sendable {
    public let a: String
    public let b: String
    /// The addend `C` (GPU models only), or nil.
    public let addend: String?
    public let output: String?
    /// The input rounding and model.
    public let product: MatrixProduct
    /// The `.npy` element type of the result.
    public let outputStorage: ElementStorage
    public let threads: Int

    public init(
        a: String, b: String, addend: String? = nil, output: String?, product: MatrixProduct, outputStorage: ElementStorage,
        threads: Int = Parallelism.automatic
    ) {
        self.a = a
        self.b = b
        self.addend = addend
        self.output = output
        self.product = product
        self.outputStorage = outputStorage
        self.threads = threads
    }

    /// What a run did: the result's shape.
    public struct Summary: Sendable {
        public let shape: [Int]
    }

    /// Reads, rounds, multiplies, writes.
    public func run() throws(ChopIOError) -> Summary {
        let paths = [a, b] + (addend.map { [$0] } ?? [])
        for path in paths {
            if case .raw = try ArrayFileKind(path: path) {
                throw .usage("\(path) is a raw file without a shape: give matrices as .npy or text")
            }
        }
        let left = try WholeArray(path: a)
        let right = try WholeArray(path: b)
        let extra = try addend.map { path throws(ChopIOError) in try WholeArray(path: path) }
        if case .idealized = product.model {
            if addend != nil { throw .usage("--addend needs a GPU model (--model)") }
            let (m, k) = try left.matrixShape("A", a)
            let (k2, n) = try right.matrixShape("B", b)
            guard k == k2 else {
                throw .usage("A (\(a)) is \(m)×\(k) and B (\(b)) is \(k2)×\(n): the inner dimensions \(k) and \(k2) differ")
            }
        }
        let result: (values: [Double], shape: [Int])
        do {
            result = try product.multiply(
                left.values, shape: left.shape, right.values, shape: right.shape, addend: extra.map { ($0.values, $0.shape) },
                aTails: left.tails, bTails: right.tails, threads: threads)
        } catch {
            throw .usage("A (\(a)) of shape \(left.shape), B (\(b)) of shape \(right.shape)\(extra.map { ", C of shape \($0.shape)" } ?? ""): \(error)")
        }
        try writeWholeArray(result.values, shape: result.shape, to: output, storage: outputStorage)
        return Summary(shape: result.shape)
    }
}
