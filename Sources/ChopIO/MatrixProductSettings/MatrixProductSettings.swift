import ChopBlocks
import ChopFormats
import ChopTensors

/// A matrix product's model given by names: what `chop matmul`'s options, the C interface's
/// `chop_matmul_options` and Python's `swiftchop.matmul` say, made into the input rounding and
/// the ``MatrixMultiplication`` model once, here.
///
/// ```swift
/// var settings = MatrixProductSettings()
/// settings.inputFormat = "e4m3fn"
/// settings.order = "fused:16"
/// let product = try settings.resolved()   // inputs in e4m3fn, 16 exact products per rounding
/// let c = try product.multiply(a, b, m: 64, k: 256, n: 64)
/// ```
public struct MatrixProductSettings: Sendable {
    /// The inputs' format: a float or posit format (element by element), a block format
    /// (quantized along k), or binary64 (the inputs as given).
    public var inputFormat = "binary64"
    public var inputRounding = "nearest-even"
    /// The accumulator's format (float or posit), or `exact` (nil: binary32).
    public var accumulate: String?
    /// A GPU's matrix unit (``TensorCoreModel``: `h100`, `b200`, `mi300x`, …) instead of an
    /// idealized accumulation: it sets the accumulation, so ``accumulate``, ``order`` and
    /// ``productFormat`` stay nil and ``rounding`` nearest-even.
    public var model: String?
    /// With a ``model``: add each run of this many products to a binary32 accumulator.
    public var promoteEvery: Int?
    /// `sequential`, `pairwise`, `blocked:N`, `fused:K` or `exact` (nil: sequential, or exact
    /// for exact accumulation).
    public var order: String?
    /// Each product rounded to this format first (nil: exact products).
    public var productFormat: String?
    /// The result's format (nil: the accumulator's; binary64 for exact accumulation).
    public var outputFormat: String?
    /// The accumulation's rounding mode (every partial sum, and the output).
    public var rounding = "nearest-even"
    /// Stochastic modes: random bits per element (nil: 52).
    public var randomBits: Int?
    /// Float accumulators and outputs: what overflow gives (nil: the format's default).
    public var overflow: String?
    public var seed: UInt64 = 0

    public init() {}

    /// The settings' names, as a message refers to them (`--order` on the command line,
    /// `order` in Python).
    public enum Setting: String, Sendable, CaseIterable {
        case inputFormat = "input_format", inputRounding = "input_rounding", accumulate, order
        case productFormat = "product_format", outputFormat = "output_format", rounding, randomBits = "random_bits", overflow
        case model, promoteEvery = "promote_every"
    }

    /// A setting that names nothing usable, and why.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let setting: Setting
        /// What is wrong, after the setting's name.
        public let reason: String
        /// The message, the setting named as `name` gives it.
        public func message(naming name: (Setting) -> String) -> String {
            name(setting) + (reason.hasPrefix(":") ? "" : " ") + reason
        }
        public var description: String { message { $0.rawValue } }
    }

    /// The input rounding, model and output format the settings name.
    ///
    /// - Throws: ``Problem`` for an unknown name, a bad order, options the formats do not take
    ///   (overflow for a posit), or exact accumulation with an order other than exact.
    public func resolved() throws(Problem) -> MatrixProduct {
        if let model { return try tensorCore(model) }
        if promoteEvery != nil { throw Problem(setting: .promoteEvery, reason: "applies to a GPU model (model)") }
        let accumulate = self.accumulate ?? "binary32"
        let mode = try Self.mode(rounding, .rounding, randomBits: randomBits)
        let inputMode = try Self.mode(inputRounding, .inputRounding, randomBits: randomBits)
        let overflow: OverflowBehavior?
        do {
            overflow = try self.overflow.map { name throws(FormatError) in try OverflowBehavior(named: name) }
        } catch {
            throw Problem(setting: .overflow, reason: ": \(error)")
        }
        let exactAccumulation = accumulate.lowercased() == "exact"
        let summation = try resolvedOrder(exact: exactAccumulation)
        let output = try Self.scalarFormat(outputFormat ?? (exactAccumulation ? "binary64" : accumulate), outputFormat == nil ? .accumulate : .outputFormat)
        // Exact accumulation has no accumulator of its own: the one rounding is the output's.
        let accumulatorFormat = exactAccumulation ? output : try Self.scalarFormat(accumulate, .accumulate)
        let accumulator = try Self.rounder(accumulatorFormat, mode, overflow, exactAccumulation ? .outputFormat : .accumulate)
        let outputRounder = exactAccumulation ? nil : try Self.rounder(output, mode, overflow, .outputFormat)
        var products = ProductRounding.exact
        if let productFormat {
            products = .rounded(try Self.rounder(try Self.scalarFormat(productFormat, .productFormat), mode, overflow, .productFormat))
        }
        let model = MatrixMultiplication(accumulator: accumulator, order: summation, products: products, output: outputRounder, seed: seed)
        return MatrixProduct(.idealized(inputs: try inputs(inputMode), model), outputFormat: output)
    }

    /// A GPU's block FMA for the input and output formats.
    private func tensorCore(_ name: String) throws(Problem) -> MatrixProduct {
        guard let gpu = TensorCoreModel(rawValue: name.lowercased()) else {
            throw Problem(setting: .model, reason: "\(name): not a GPU model (\(TensorCoreModel.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        for (setting, given) in [(Setting.accumulate, accumulate != nil), (.order, order != nil), (.productFormat, productFormat != nil),
                                 (.overflow, overflow != nil), (.randomBits, randomBits != nil),
                                 (.rounding, rounding.lowercased() != "nearest-even"), (.inputRounding, inputRounding.lowercased() != "nearest-even")] where given {
            throw Problem(setting: setting, reason: "does not apply to a GPU model: \(gpu.rawValue) sets the accumulation and its rounding")
        }
        guard let input = try? FloatFormat(named: inputFormat), gpu.inputNames.contains(input.name) else {
            throw Problem(setting: .inputFormat, reason: "\(inputFormat): \(gpu.rawValue) takes \(gpu.inputNames.joined(separator: ", "))")
        }
        let output: FloatFormat
        switch outputFormat.map({ try? FloatFormat(named: $0) }) {
        case nil: output = .binary32
        case let format??: output = format
        case .some(nil): throw Problem(setting: .outputFormat, reason: "\(outputFormat!): binary32 or binary16")
        }
        do {
            return MatrixProduct(.blockFMA(try gpu.blockFMA(input: input, output: output, promoteEvery: promoteEvery)), outputFormat: output)
        } catch {
            throw Problem(setting: output == .binary32 ? .promoteEvery : .outputFormat, reason: ": \(error)")
        }
    }

    private func resolvedOrder(exact: Bool) throws(Problem) -> SummationOrder {
        let name = order?.lowercased()
        if exact {
            guard name == nil || name == "exact" else {
                throw Problem(setting: .accumulate, reason: "exact sums everything exactly: it takes no other order than exact")
            }
            return .exact
        }
        guard let name else { return .sequential }
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first ?? "", parts.count == 2 ? Int(parts[1]) : nil) {
        case ("sequential", nil) where parts.count == 1: return .sequential
        case ("pairwise", nil) where parts.count == 1: return .pairwise
        case ("exact", nil) where parts.count == 1: return .exact
        case ("blocked", let size?) where size >= 1: return .blocked(size: size)
        case ("fused", let chunk?) where chunk >= 1: return .fused(chunk: chunk)
        default:
            throw Problem(setting: .order, reason: "is sequential, pairwise, blocked:N, fused:K or exact (N, K ≥ 1), not \(name)")
        }
    }

    private func inputs(_ mode: RoundingMode) throws(Problem) -> MatrixProduct.InputRounding {
        if let block = try? BlockFormat(named: inputFormat) {
            do {
                return .block(try BlockQuantizer(format: block, mode: mode))
            } catch {
                throw Problem(setting: .inputFormat, reason: "\(inputFormat): \(error)")
            }
        }
        do {
            return .scalar(try FormatRegistry.scalarFormat(named: inputFormat).rounder(mode))
        } catch {
            throw Problem(
                setting: .inputFormat,
                reason: "\(inputFormat): \(error) (or a block format: \(BlockFormat.presets.map(\.name).joined(separator: ", ")))")
        }
    }

    private static func mode(_ name: String, _ setting: Setting, randomBits: Int?) throws(Problem) -> RoundingMode {
        do {
            return try RoundingMode(named: name, randomBits: randomBits)
        } catch {
            throw Problem(setting: setting, reason: ": \(error)")
        }
    }

    private static func scalarFormat(_ name: String, _ setting: Setting) throws(Problem) -> any ScalarFormat {
        do {
            return try FormatRegistry.scalarFormat(named: name)
        } catch {
            throw Problem(setting: setting, reason: ": \(error) (a float or posit format: binary32, bfloat16, e4m3fn, posit16, …)")
        }
    }

    private static func rounder(
        _ format: any ScalarFormat, _ mode: RoundingMode, _ overflow: OverflowBehavior?, _ setting: Setting
    ) throws(Problem) -> any ScalarArithmetic {
        do {
            if let float = format as? FloatFormat { return try FloatRounder(format: float, mode: mode, overflow: overflow) }
            guard overflow == nil else {
                throw FormatError.invalidParameters("\(format.name): posits always saturate at ±maxpos; an overflow behaviour does not apply")
            }
            return try format.rounder(mode)
        } catch {
            throw Problem(setting: setting, reason: ": \(error)")
        }
    }
}
