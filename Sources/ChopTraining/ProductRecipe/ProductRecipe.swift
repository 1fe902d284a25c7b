import ChopBlocks
import ChopFormats
import ChopTensors
import Synchronization

/// How the matrix products of one pass (forward or backward) are computed: how each operand
/// enters the product, by its role (``OperandCast`` for activations, weights and gradients),
/// an optional random Hadamard transform along `k` for weight-gradient products, and the
/// model of the sums: a ``MatrixMultiplication`` (an accumulator format and order) or a GPU
/// matrix unit's ``BlockFMA`` (``TensorCoreModel``).
///
/// A product `A·B` (`A` `m×k`, `B` `k×n`) is computed as:
///
/// 1. with a Hadamard size `h` and a weight gradient: the `k` axis padded with zeros to a
///    multiple of `h`, and both operands transformed along it by the same seeded random
///    Hadamard transform (orthogonal, so the exact product is unchanged: `(AQᵀ)(QB) = AB`);
/// 2. each operand cast by its role's cast, with `k` as the block axis (`A` as it is, `B` as
///    its transpose `n×k`);
/// 3. ``model`` multiplies the cast operands (exact products, summed as it says; a matrix
///    unit reads its input format), and the result is multiplied in binary64 by the casts'
///    tensor scales (per-tensor FP8, NVFP4), as a kernel's epilogue does.
///
/// Stochastic casts draw a new stream for every cast, and a stochastic accumulation model a
/// new seed for every product (numbered per recipe from ``seed``, in the order of the calls),
/// so a program run twice gives the same bits. The parts are fixed
/// at creation, where they are checked to go together.
public struct ProductRecipe: Sendable {
    /// How values computed by the network enter the product.
    public let activations: OperandCast
    /// How parameters enter the product.
    public let weights: OperandCast
    /// How gradients enter the product (backward products only).
    public let gradients: OperandCast
    /// The size of the random Hadamard transform of weight-gradient products (a power of two
    /// from 2 to 2^16); nil for none.
    public let hadamardSize: Int?
    /// How a product's sums are computed.
    public enum Model: Sendable {
        /// Exact products accumulated as the model says.
        case accumulation(MatrixMultiplication)
        /// A GPU matrix unit's block fused multiply-adds; its operands are values of its
        /// input format (casts to a scalar format, with or without a tensor scale).
        case matrixUnit(BlockFMA)
    }

    /// The model of the sums.
    public let model: Model
    /// The seed of the stochastic casts' streams and the Hadamard transform's signs.
    public let seed: UInt64
    /// How many cast streams were handed out.
    private let streams: StreamCounter

    /// Products accumulated by `model`.
    ///
    /// - Throws: ``RecipeError/invalidRecipe(_:)`` for a Hadamard size that is not a power of
    ///   two from 2 to 2^16.
    public init(
        model: MatrixMultiplication, activations: OperandCast = .none, weights: OperandCast = .none,
        gradients: OperandCast = .none, hadamardSize: Int? = nil, seed: UInt64 = 0
    ) throws(RecipeError) {
        try self.init(
            model: .accumulation(model), activations: activations, weights: weights, gradients: gradients,
            hadamardSize: hadamardSize, seed: seed)
    }

    /// Products by `model`.
    ///
    /// - Throws: ``RecipeError/invalidRecipe(_:)`` for a Hadamard size that is not a power of
    ///   two from 2 to 2^16, or a matrix unit with a block cast or a cast to a format it does
    ///   not hold.
    public init(
        model: Model, activations: OperandCast = .none, weights: OperandCast = .none, gradients: OperandCast = .none,
        hadamardSize: Int? = nil, seed: UInt64 = 0
    ) throws(RecipeError) {
        if let hadamardSize, (try? RandomHadamard(size: hadamardSize, seed: seed)) == nil {
            throw .invalidRecipe("a Hadamard transform of size \(hadamardSize); it must be a power of two from 2 to 65536")
        }
        if case .matrixUnit(let unit) = model {
            let nearest = try! FloatRounder(format: unit.inputFormat)
            for cast in [activations, weights, gradients] {
                if case .blocks = cast.kind {
                    throw .invalidRecipe("a matrix unit reads scalar values; \(cast.name) casts need an accumulation model")
                }
                // Every value of the cast's format is one of the unit's: its largest (all
                // significand bits at the top exponent) and its least are.
                if let format = cast.scalarFormat {
                    guard nearest.round(format.greatestFiniteMagnitude) == format.greatestFiniteMagnitude,
                        nearest.round(format.leastNonzeroMagnitude) == format.leastNonzeroMagnitude
                    else {
                        throw .invalidRecipe("the matrix unit reads \(unit.inputFormat.name), which does not hold \(format.name) values")
                    }
                }
            }
        }
        self.model = model
        self.activations = activations
        self.weights = weights
        self.gradients = gradients
        self.hadamardSize = hadamardSize
        self.seed = seed
        streams = StreamCounter()
    }

    /// The role of a product's operand, which decides its cast.
    public enum Role: Sendable {
        case activations, weights, gradients
    }

    /// The cast of `role`.
    public func cast(_ role: Role) -> OperandCast {
        switch role {
        case .activations: activations
        case .weights: weights
        case .gradients: gradients
        }
    }

    /// `A·B` (`A` `m×k`, `B` `k×n`, row-major) as the recipe computes it (the steps above);
    /// `weightGradient` says whether it is the gradient of a weight (the Hadamard transform
    /// applies only then).
    ///
    /// - Throws: ``TensorError`` for operands that do not hold their matrices or a cast that
    ///   refuses its operand.
    public func multiply(
        _ a: [Double], _ aRole: Role, _ b: [Double], _ bRole: Role, m: Int, k: Int, n: Int, weightGradient: Bool = false
    ) throws(TensorError) -> [Double] {
        guard m >= 0, k >= 0, n >= 0, a.count == m * k else { throw .countMismatch(shape: [m, k], count: a.count) }
        guard b.count == k * n else { throw .countMismatch(shape: [k, n], count: b.count) }
        var left = a
        var right = Self.transposed(b, rows: k, columns: n)
        var inner = k
        if weightGradient, let hadamardSize, k > 0 {
            let transform = try! RandomHadamard(size: hadamardSize, seed: seed)
            inner = (k + hadamardSize - 1) / hadamardSize * hadamardSize
            left = transform.forward(Self.padded(left, rows: m, from: k, to: inner))
            right = transform.forward(Self.padded(right, rows: n, from: k, to: inner))
        }
        let (castLeft, leftScale) = try cast(aRole).apply(left, rows: m, k: inner, seed: nextSeed())
        let (castRight, rightScale) = try cast(bRole).apply(right, rows: n, k: inner, seed: nextSeed())
        let rightRows = Self.transposed(castRight, rows: n, columns: inner)
        let product: [Double]
        switch model {
        case .accumulation(var model):
            if model.accumulator.mode.isStochastic || model.output?.mode.isStochastic == true { model.seed = nextSeed() }
            product = try model.multiply(castLeft, rightRows, m: m, k: inner, n: n)
        case .matrixUnit(let unit): product = try unit.multiply(castLeft, rightRows, m: m, k: inner, n: n)
        }
        return leftScale == 1 && rightScale == 1 ? product : product.map { $0 * leftScale * rightScale }
    }

    /// The seed of the next cast's stream.
    private func nextSeed() -> UInt64 {
        RandomStream(seed: seed).word(at: streams.take())
    }

    /// A `rows × columns` matrix transposed.
    static func transposed(_ values: [Double], rows: Int, columns: Int) -> [Double] {
        var result = [Double](repeating: 0, count: values.count)
        for i in 0..<rows {
            for j in 0..<columns { result[j * rows + i] = values[i * columns + j] }
        }
        return result
    }

    /// A `rows × from` matrix with zero columns appended to make it `rows × to`.
    static func padded(_ values: [Double], rows: Int, from: Int, to: Int) -> [Double] {
        guard to > from else { return values }
        var result = [Double](repeating: 0, count: rows * to)
        for i in 0..<rows {
            for j in 0..<from { result[i * to + j] = values[i * from + j] }
        }
        return result
    }
}

/// A shared, thread-safe count of handed-out streams.
final class StreamCounter: Sendable {
    private let next = Atomic<UInt64>(0)

    /// The next number, from 0.
    func take() -> UInt64 { next.add(1, ordering: .relaxed).oldValue }
}
