import ChopFormats

/// A model of a matrix-multiply kernel, exact about every rounding it makes: a reference for
/// kernel authors and a way to see what an accumulator does to a product.
///
/// `C[i][j] = output(Σₜ A[i][t]·B[t][j])` where the sum is a ``SummationOrder`` over
/// `t = 0, 1, …, k-1` rounded to ``accumulator``, each product exact or rounded
/// (``ProductRounding``), and the result rounded to ``output`` (when given: the conversion at
/// the end of a kernel, e.g. an fp32 accumulator stored as bfloat16). The accumulator, the
/// products and the output may be in any scalar format: a posit accumulator with exact or
/// fused orders rounds an exact sum once, as the posit standard's quire does.
///
/// ```swift
/// // bfloat16 inputs, exact products, fp32 accumulation 16 products at a time (a tensor core):
/// let model = MatrixMultiplication(accumulator: try FloatRounder(format: .binary32), order: .fused(chunk: 16))
/// let c = try model.multiply(a, b, m: 64, k: 256, n: 64)
/// // posit16 inputs, a quire (exact dot products) rounded once to posit16:
/// let quire = MatrixMultiplication(accumulator: try PositRounder(format: .posit16), order: .exact)
/// ```
///
/// The inputs are used as given (round them to the input format first: ``Tensor`` does, and so
/// does `chop matmul`). Stochastic modes draw reproducible words: output element `i·n + j`
/// uses its own run of words of the seed's accumulation stream, and word `i·n + j` of its
/// output stream, whatever the thread count.
///
/// Speed: sequential accumulation of exact products to nearest-even, with inputs whose
/// products are exact doubles and a precision small enough that the hardware's binary64 sum
/// rounded again is provably the exact sum rounded once (Figueroa: `2p + 2 ≤ 53`), runs a
/// register-blocked loop on the hardware's arithmetic (binary32 through the processor's own
/// conversion); other sequential models, and fused chunks whose sums are exact doubles (FP8,
/// FP6, FP4 inputs), with exact products of inputs of up to 26 bits, run a loop vectorised
/// across a row of outputs that rounds TwoSum's exact pair through round-to-odd at each step
/// (any mode, accumulators of at most 51 bits; ``FloatRounder/accumulate(into:adding:times:count:randomWords:)``);
/// wider accumulators round the exact pair one output at a time; everything else goes through
/// the exact reduction (``ExactSum`` for fused chunks).
public struct MatrixMultiplication: Sendable {
    public var accumulator: any ScalarArithmetic
    public var order: SummationOrder
    public var products: ProductRounding
    public var output: (any ScalarArithmetic)?
    public var seed: UInt64
    /// Bit flips in the accumulator's partial sums (soft errors), in the accumulator's format;
    /// nil for none. Fault number `output·(3k + 1) + r` is the r-th rounding of output element
    /// `output` (as the random words are numbered), so a fault pattern is reproducible.
    public var faults: FaultInjector?

    public init(
        accumulator: any ScalarArithmetic, order: SummationOrder = .sequential, products: ProductRounding = .exact,
        output: (any ScalarArithmetic)? = nil, seed: UInt64 = 0
    ) {
        self.accumulator = accumulator
        self.order = order
        self.products = products
        self.output = output
        self.seed = seed
    }

    /// `A·B` for `A` (`m×k`) and `B` (`k×n`) in row-major order; the result is `m×n`,
    /// row-major. The rows of `C` are split among `threads` threads (automatic: every core
    /// for at least 2^20 multiply-adds); the result does not depend on it.
    ///
    /// - Throws: ``TensorError/countMismatch(shape:count:)`` when an array does not hold its
    ///   matrix, ``TensorError/invalidParameter(_:)`` for a bad chunk or block size.
    public func multiply(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, threads: Int = Parallelism.automatic) throws(TensorError) -> [Double] {
        try Tensor.check(shape: [m, k], count: a.count)
        try Tensor.check(shape: [k, n], count: b.count)
        let floatReduction = try Reduction.float(order: order, accumulator: accumulator, products: products, faults: faults)
        let reduction = floatReduction == nil ? try makeReduction(order: order, accumulator: accumulator, products: products, faults: faults) : nil
        guard m > 0, n > 0 else { return [] }
        var result = [Double](repeating: 0, count: m * n)
        if k > 0, FastAccumulation(self, a, b) == nil, let vectorised = ColumnAccumulation(self, a, b) {
            accumulate(a, b, m: m, k: k, n: n, into: &result, vectorised, threads: threads)
            return rounded(result)
        }
        // B's columns as contiguous rows.
        var columns = [Double](repeating: 0, count: k * n)
        for t in 0..<k {
            for j in 0..<n { columns[j * k + t] = b[t * n + j] }
        }
        if k > 0, let floatReduction {
            accumulate(a, columns, m: m, k: k, n: n, into: &result, floatReduction, threads: threads)
        } else if k > 0, let reduction {
            accumulate(a, columns, m: m, k: k, n: n, into: &result, reduction, threads: threads)
        }
        return rounded(result)
    }

    /// The accumulated sums rounded to ``output``, if given.
    private func rounded(_ sums: [Double]) -> [Double] {
        guard let output else { return sums }
        let stream = RandomStream(seed: RandomStream(seed: seed).word(at: 1))
        return sums.indices.map { output.round(sums[$0], randomWord: stream.word(at: UInt64($0))) }
    }

    /// The accumulated sums by the vectorised loops (`k > 0`), `b` row-major.
    private func accumulate(
        _ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, into result: inout [Double], _ loop: ColumnAccumulation,
        threads: Int
    ) {
        let accumulationStream = RandomStream(seed: RandomStream(seed: seed).word(at: 0))
        forEachRow(a, b, m: m, k: k, n: n, into: &result, threads: threads) { i, row, b, out in
            loop.multiplyRow(row, b, k: k, n: n, into: out, firstOutput: i * n, stream: accumulationStream)
        }
    }

    /// The accumulated sums (`k > 0`), `columns` holding B's columns as rows.
    private func accumulate(
        _ a: [Double], _ columns: [Double], m: Int, k: Int, n: Int, into result: inout [Double], _ reduction: some TensorReduction,
        threads: Int
    ) {
        let fast = FastAccumulation(self, a, columns)
        let pair = fast == nil ? PairAccumulation(self, a, columns) : nil
        let accumulationStream = RandomStream(seed: RandomStream(seed: seed).word(at: 0))
        forEachRow(a, columns, m: m, k: k, n: n, into: &result, threads: threads) { i, row, columns, out in
            if let fast { return fast.multiplyRow(row, columns, k: k, n: n, into: out) }
            if let pair {
                return pair.multiplyRow(row, columns, k: k, n: n, into: out, firstOutput: i * n, stream: accumulationStream)
            }
            for j in 0..<n {
                let column = columns + j * k
                out[j] = reduction.reduce(count: k, stream: accumulationStream, output: i * n + j, { row[$0] }, { column[$0] })
            }
        }
    }

    /// `body(i, row i of A, other, row i of the result)` for every row `i`, rows split over
    /// threads (`threads` automatic: every core for at least 2^20 multiply-adds).
    private func forEachRow(
        _ a: [Double], _ other: [Double], m: Int, k: Int, n: Int, into result: inout [Double], threads: Int,
        _ body: @Sendable (Int, UnsafePointer<Double>, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void
    ) {
        a.withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { other in
                result.withUnsafeMutableBufferPointer { result in
                    let rows = DisjointPointer(UnsafeMutablePointer(mutating: a.baseAddress!))
                    let shared = DisjointPointer(UnsafeMutablePointer(mutating: other.baseAddress!))
                    let out = DisjointPointer(result.baseAddress!)
                    forEachChunk(count: m, threads: Parallelism.threads(threads, elements: m * n * k)) { range in
                        for i in range { body(i, rows.base + i * k, shared.base, out.base + i * n) }
                    }
                }
            }
        }
    }
}

extension MatrixMultiplication: CustomStringConvertible {
    public var description: String {
        let productText: String = switch products {
        case .exact: "exact products"
        case .rounded(let rounder): "products rounded to \(rounder.format.name) \(rounder.mode)"
        }
        let outputText = output.map { ", output \($0.format.name) \($0.mode)" } ?? ""
        return "\(productText), \(order) accumulation in \(accumulator.format.name) \(accumulator.mode)\(outputText)"
    }
}
