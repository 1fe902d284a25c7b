import ArgumentParser
import Chop

/// `chop matmul A B -o C`: a reference matrix product for kernel authors.
struct MatmulCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matmul",
        abstract: "Multiply two matrices as a low-precision kernel would: a reference for FP8/FP4/bf16 kernels.",
        discussion: """
            A is m×k and B is k×n (.npy in C or Fortran order, or text with one row per line). Both are \
            first rounded to --input-format (a float or posit format, element by element, in --input-rounding; or \
            a block format such as mxfp8-e4m3, mxfp4 or nvfp4, quantized along k — A's rows and B's \
            columns — and dequantized). Each product is exact (or rounded to --product-format), and the \
            products are accumulated in ascending k in the --accumulate format, each partial sum rounded \
            in --rounding (a posit accumulator with --accumulate posit16 --order exact is the posit quire: \
            exact dot products rounded once). --block-k K instead adds K exact products at a time to the accumulator and \
            rounds once (a tensor core's fused accumulation); --order pairwise, blocked:N or exact name \
            other orders, and --accumulate exact sums everything exactly. The result is rounded to \
            --output-format (default: the accumulator's format; binary64 for exact accumulation) and \
            written as .npy (float16, float32 or float64: the smallest that holds the output format, or \
            --output-type), raw .f64/.f32, or text.
            --model NAME computes D = A·B + C as that GPU's matrix unit does (groups of exact products \
            aligned to the largest exponent in a register of limited width, truncated, normalised once per \
            group): --input-format is one the GPU takes (binary16, bfloat16, tf32, e4m3fn, e5m2), \
            --output-format binary32 (default) or binary16, --addend C broadcasts to the result, and A and B \
            may be batches with NumPy matmul semantics.
            Example: chop matmul A.npy B.npy -o C.npy --input-format e4m3fn --block-k 16
            Example: chop matmul A.npy B.npy -o D.npy --model h100 --input-format e4m3fn --promote-every 128
            """
    )

    @Argument(help: "The m×k matrix A.", transform: Console.resolve)
    var a: String

    @Argument(help: "The k×n matrix B.", transform: Console.resolve)
    var b: String

    @Option(name: .shortAndLong, help: "Output file (.npy, .f64, .f32, .csv, .txt; - or none: text on standard output).", transform: Console.resolve)
    var output: String?

    @Option(help: "The inputs' format: a float format (e4m3fn, bfloat16, …) or a block format (mxfp8-e4m3, mxfp4, nvfp4, …); binary64 uses the inputs as given.")
    var inputFormat = "binary64"

    @Option(help: "Rounding of the inputs to --input-format.")
    var inputRounding = "nearest-even"

    @Option(help: "The accumulator's format (float or posit), or exact (default: binary32).")
    var accumulate: String?

    @Option(help: "A GPU's matrix unit instead of --accumulate: v100, a100, a2, ada, l40s, h100, h200, b200, mi100, mi250x, mi300x (NumPy matmul shapes, batches included).")
    var model: String?

    @Option(help: "With --model: the addend C, broadcast to the result (D = A·B + C).", transform: Console.resolve)
    var addend: String?

    @Option(help: "With --model: add each run of N products to a binary32 accumulator (FP8 GEMMs' promotion, e.g. 128).")
    var promoteEvery: Int?

    @Option(help: "Fused accumulation: K exact products added to the accumulator, then one rounding.")
    var blockK: Int?

    @Option(help: "Summation order: sequential, pairwise, blocked:N, fused:K or exact.")
    var order: String?

    @Option(help: "Round each product to this format first (default: exact products).")
    var productFormat: String?

    @Option(help: "The result's format (default: the accumulator's).")
    var outputFormat: String?

    @Option(help: "The .npy element type of the result: float64, float32 or float16 (default: the smallest that holds the output format).")
    var outputType: OutputType?

    @OptionGroup var rounding: RoundingOptions

    @Option(name: .customLong("threads"), help: "Threads: N, or auto (0): every core for products of at least 1,048,576 multiply-adds (rows of C are split among them; the result does not depend on it).")
    var threadCount = ThreadCount.automatic

    private var threads: Int { threadCount.requested }

    func validate() throws {
        if let blockK, blockK < 1 { throw ValidationError("--block-k must be at least 1, not \(blockK)") }
        if blockK != nil && order != nil { throw ValidationError("give --block-k or --order, not both") }
        if model != nil && blockK != nil { throw ValidationError("--model sets the accumulation: it takes no --block-k") }
        if model == nil && (addend != nil || promoteEvery != nil) {
            throw ValidationError("\(addend != nil ? "--addend" : "--promote-every") needs a GPU model (--model)")
        }
    }

    func run() throws {
        if rounding.saturate, let overflow = rounding.overflow, overflow.lowercased() != "saturate" {
            throw ValidationError("--saturate contradicts --overflow \(overflow)")
        }
        var settings = MatrixProductSettings()
        settings.inputFormat = inputFormat
        settings.inputRounding = inputRounding
        settings.accumulate = accumulate
        settings.order = blockK.map { "fused:\($0)" } ?? order
        settings.productFormat = productFormat
        settings.model = model
        settings.promoteEvery = promoteEvery
        settings.outputFormat = outputFormat
        settings.rounding = rounding.rounding
        settings.randomBits = rounding.randomBits
        settings.overflow = rounding.saturate ? "saturate" : rounding.overflow
        let stochastic = [settings.rounding, inputRounding].contains { (try? RoundingMode(named: $0))?.isStochastic ?? false }
        let product: MatrixProduct
        do {
            _ = try settings.resolved()  // names checked before a seed is drawn and printed
            settings.seed = rounding.resolvedSeed(isStochastic: stochastic)
            product = try settings.resolved()
        } catch {
            throw ValidationError(error.message { "--" + $0.rawValue.replacingOccurrences(of: "_", with: "-") })
        }
        let job = MatrixProductJob(
            a: a, b: b, addend: addend, output: output, product: product, outputStorage: try storage(for: product.outputFormat), threads: threads)
        _ = try runReportingErrors { () throws(ChopIOError) in try job.run() }
    }

    private func storage(for scalar: any ScalarFormat) throws -> ElementStorage {
        let format: FloatFormat = switch scalar {
        case let float as FloatFormat: float
        case let posit as PositFormat:
            (try? FloatFormat(precision: posit.precision, maxExponent: posit.maxScale, minExponent: -posit.maxScale)) ?? .binary64
        default: .binary64
        }
        if let outputType {
            let storage = outputType.storage
            do {
                try storage.checkHolds(format)
            } catch {
                throw ValidationError(error.description)
            }
            return storage
        }
        for kind in [ElementStorage.Kind.float16, .float32] where (try? ElementStorage(kind).checkHolds(format)) != nil {
            return ElementStorage(kind)
        }
        return ElementStorage(.float64)
    }
}
