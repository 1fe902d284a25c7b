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
            Example: chop matmul A.npy B.npy -o C.npy --input-format e4m3fn --block-k 16
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

    @Option(help: "The accumulator's format (float or posit), or exact.")
    var accumulate = "binary32"

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
    }

    func run() throws {
        let mode = try rounding.mode()
        let exactAccumulation = accumulate.lowercased() == "exact"
        let summation = try resolvedOrder(exact: exactAccumulation)
        let outputFormat = try outputFormat.map(Self.scalarFormat) ?? Self.scalarFormat(exactAccumulation ? "binary64" : accumulate)
        // Exact accumulation has no accumulator of its own: the one rounding is the output's.
        let accumulator = try scalarRounder(exactAccumulation ? outputFormat : Self.scalarFormat(accumulate))
        let output = exactAccumulation ? nil : try scalarRounder(outputFormat)
        let products: ProductRounding = try productFormat.map { .rounded(try scalarRounder(try Self.scalarFormat($0))) } ?? .exact
        let seed = rounding.resolvedSeed(isStochastic: mode.isStochastic || isStochastic(inputRounding))
        let model = MatrixMultiplication(accumulator: accumulator, order: summation, products: products, output: output, seed: seed)
        let job = MatrixProductJob(
            a: a, b: b, output: self.output, inputs: try inputs(), model: model,
            outputStorage: try storage(for: outputFormat), threads: threads)
        _ = try runReportingErrors { () throws(ChopIOError) in try job.run() }
    }

    private func isStochastic(_ name: String) -> Bool { (try? RoundingMode(named: name))?.isStochastic ?? false }

    /// The summation order from `--order`, `--block-k` and `--accumulate exact`.
    private func resolvedOrder(exact: Bool) throws -> SummationOrder {
        if exact {
            guard blockK == nil, order == nil || order == "exact" else {
                throw ValidationError("--accumulate exact sums everything exactly: it takes no --block-k or --order")
            }
            return .exact
        }
        if let blockK { return .fused(chunk: blockK) }
        guard let order else { return .sequential }
        let parts = order.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first ?? "", parts.count == 2 ? Int(parts[1]) : nil) {
        case ("sequential", nil) where parts.count == 1: return .sequential
        case ("pairwise", nil) where parts.count == 1: return .pairwise
        case ("exact", nil) where parts.count == 1: return .exact
        case ("blocked", let size?) where size >= 1: return .blocked(size: size)
        case ("fused", let chunk?) where chunk >= 1: return .fused(chunk: chunk)
        default:
            throw ValidationError("--order is sequential, pairwise, blocked:N, fused:K or exact (N, K ≥ 1), not \(order)")
        }
    }

    /// How the inputs are rounded.
    private func inputs() throws -> MatrixProductJob.InputRounding {
        let mode: RoundingMode
        do {
            mode = try RoundingMode(named: inputRounding, randomBits: rounding.randomBits)
        } catch {
            throw ValidationError("--input-rounding: \(error)")
        }
        if let block = try? BlockFormat(named: inputFormat) {
            do {
                return .block(try BlockQuantizer(format: block, mode: mode))
            } catch {
                throw ValidationError("--input-format \(inputFormat): \(error)")
            }
        }
        do {
            return .scalar(try FormatRegistry.scalarFormat(named: inputFormat).rounder(mode))
        } catch {
            throw ValidationError("--input-format \(inputFormat): \(error) (or a block format: \(BlockFormat.presets.map(\.name).joined(separator: ", ")))")
        }
    }

    /// The `.npy` type of the result: `--output-type`, or the smallest that holds the format
    /// (for a posit format: a float format holding every posit value, or float64).
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

    /// A float or posit format by name, or a usage error naming what is accepted.
    static func scalarFormat(_ name: String) throws -> any ScalarFormat {
        do {
            return try FormatRegistry.scalarFormat(named: name)
        } catch {
            throw ValidationError("\(error) (a float or posit format: binary32, bfloat16, e4m3fn, posit16, …)")
        }
    }

    /// `format` rounding in `--rounding`: floats with the overflow options, posits (which
    /// always saturate) without.
    private func scalarRounder(_ format: any ScalarFormat) throws -> any ScalarArithmetic {
        if let float = format as? FloatFormat { return try rounding.rounder(for: float) }
        guard rounding.overflow == nil && !rounding.saturate else {
            throw ValidationError("\(format.name): posits always saturate at ±maxpos; --overflow and --saturate do not apply")
        }
        let mode = try rounding.mode()
        do {
            return try format.rounder(mode)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
