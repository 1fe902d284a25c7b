import ChopFormats
import Synchronization

/// The precision a tensor's values live in: a scalar format (a float or a posit format), a
/// rounding mode (and for floats an overflow behaviour), and for stochastic modes a seeded
/// source of random words.
///
/// ```swift
/// let bf16 = try TensorPrecision(.bfloat16)                                  // nearest-even
/// let sr = try TensorPrecision(.bfloat16, mode: .stochastic(), seed: 7)      // reproducible SR
/// let p16 = try TensorPrecision(PositFormat.posit16)                         // posits
/// ```
///
/// Elementwise operations, conversions, reductions and matrix products (whose exact and fused
/// orders round an exact sum once, like the posit quire) and LU factorization work in every
/// scalar format.
///
/// Reproducibility: the k-th stochastically rounded operation done with a precision (counted
/// from its creation, across every tensor that shares it) draws its words from stream k of
/// the seed, word i for result element i. The same program with the same seed gives the same
/// bits, whatever the thread count; doing operations in a different order changes which
/// stream each gets. Copies of a precision share the counter.
public struct TensorPrecision: Sendable {
    /// The rounding every operation of this precision applies to its exact result.
    public let arithmetic: any ScalarArithmetic
    /// The float rounder; nil for posits (fault injection and iterative refinement model float
    /// hardware).
    public let floatRounder: FloatRounder?
    /// The seed of the random streams (used only by stochastic modes).
    public let seed: UInt64
    /// How many streams were handed out.
    private let streamCounter: StreamCounter

    /// `format` in `mode`, overflowing by `overflow` (default: the format's), seeded `seed`.
    ///
    /// - Throws: ``FormatError`` when the format cannot show the overflow behaviour or the
    ///   mode's random bits are outside 1...52.
    public init(
        _ format: FloatFormat, mode: RoundingMode = .toNearestOrEven, overflow: OverflowBehavior? = nil, seed: UInt64 = 0
    ) throws(FormatError) {
        self.init(rounder: try FloatRounder(format: format, mode: mode, overflow: overflow), seed: seed)
    }

    /// Any scalar format in `mode` (posits always saturate), seeded `seed`.
    ///
    /// ```swift
    /// let p16 = try TensorPrecision(PositFormat.posit16)
    /// let x = try Tensor(rounding: [1.0 / 3], shape: [1], precision: p16)
    /// (x * x)[0]          // the posit16 rounding of the exact square of posit16(1/3)
    /// ```
    ///
    /// - Throws: ``FormatError/invalidRoundingMode(_:)`` for random bits outside 1...52, and
    ///   ``FormatError/unsupportedElementType(_:)`` for a format whose values are not all
    ///   doubles (`posit64`).
    public init<Format: ScalarFormat>(_ format: Format, mode: RoundingMode = .toNearestOrEven, seed: UInt64 = 0)
        throws(FormatError)
    {
        guard format.precision <= 53 else {
            throw .unsupportedElementType("\(format.name) has values of more than 53 bits; tensors hold doubles")
        }
        let arithmetic = try format.rounder(mode)
        self.arithmetic = arithmetic
        floatRounder = arithmetic as? FloatRounder
        self.seed = seed
        streamCounter = StreamCounter()
    }

    /// The precision of an existing rounder of any scalar format (a `posit64` rounder's
    /// results are the nearest doubles of its values).
    public init(rounder: any ScalarArithmetic, seed: UInt64 = 0) {
        arithmetic = rounder
        floatRounder = rounder as? FloatRounder
        self.seed = seed
        streamCounter = StreamCounter()
    }

    /// The format every value belongs to.
    public var format: any ScalarFormat { arithmetic.format }
    public var mode: RoundingMode { arithmetic.mode }

    /// Whether `other` rounds the same way (format, mode and overflow; seeds may differ).
    public func roundsLike(_ other: TensorPrecision) -> Bool {
        if let a = floatRounder, let b = other.floatRounder {
            return a.format == b.format && a.mode == b.mode && a.overflow == b.overflow
        }
        guard let a = arithmetic as? PositRounder, let b = other.arithmetic as? PositRounder else { return false }
        return a == b
    }

    /// The stream for the next operation: a new one for stochastic modes, stream 0 otherwise
    /// (deterministic modes ignore the words).
    public func nextStream() -> RandomStream {
        guard mode.isStochastic else { return RandomStream(seed: seed) }
        let k = streamCounter.take()
        return RandomStream(seed: RandomStream(seed: seed).word(at: k))
    }

    /// binary64 rounded to nearest: exact for every double, the "no emulation" precision.
    public static let binary64 = try! TensorPrecision(.binary64)
    /// binary32 rounded to nearest.
    public static let binary32 = try! TensorPrecision(.binary32)
}

extension TensorPrecision: CustomStringConvertible {
    public var description: String { "\(format.name) \(mode)" }
}

/// A shared, thread-safe count of handed-out random streams.
private final class StreamCounter: Sendable {
    private let next = Atomic<UInt64>(0)

    func take() -> UInt64 { next.add(1, ordering: .relaxed).oldValue }
}
