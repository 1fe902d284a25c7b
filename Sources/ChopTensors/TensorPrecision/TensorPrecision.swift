import ChopFormats
import Synchronization

/// The precision a tensor's values live in: a format, a rounding mode and an overflow
/// behaviour (one ``FloatRounder``), and for stochastic modes a seeded source of random words.
///
/// ```swift
/// let bf16 = try TensorPrecision(.bfloat16)                                  // nearest-even
/// let sr = try TensorPrecision(.bfloat16, mode: .stochastic(), seed: 7)      // reproducible SR
/// ```
///
/// Reproducibility: the k-th stochastically rounded operation done with a precision (counted
/// from its creation, across every tensor that shares it) draws its words from stream k of
/// the seed, word i for result element i. The same program with the same seed gives the same
/// bits, whatever the thread count; doing operations in a different order changes which
/// stream each gets. Copies of a precision share the counter.
public struct TensorPrecision: Sendable {
    /// The rounding every operation of this precision applies to its exact result.
    public let rounder: FloatRounder
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

    /// The precision of an existing rounder.
    public init(rounder: FloatRounder, seed: UInt64 = 0) {
        self.rounder = rounder
        self.seed = seed
        streamCounter = StreamCounter()
    }

    public var format: FloatFormat { rounder.format }
    public var mode: RoundingMode { rounder.mode }

    /// Whether `other` rounds the same way (format, mode and overflow; seeds may differ).
    public func roundsLike(_ other: TensorPrecision) -> Bool {
        rounder.format == other.rounder.format && rounder.mode == other.rounder.mode
            && rounder.overflow == other.rounder.overflow
    }

    /// The stream for the next operation: a new one for stochastic modes, stream 0 otherwise
    /// (deterministic modes ignore the words).
    public func nextStream() -> RandomStream {
        guard rounder.mode.isStochastic else { return RandomStream(seed: seed) }
        let k = streamCounter.take()
        return RandomStream(seed: RandomStream(seed: seed).word(at: k))
    }

    /// binary64 rounded to nearest: exact for every double, the "no emulation" precision.
    public static let binary64 = try! TensorPrecision(.binary64)
    /// binary32 rounded to nearest.
    public static let binary32 = try! TensorPrecision(.binary32)
}

extension TensorPrecision: CustomStringConvertible {
    public var description: String { "\(rounder.format.name) \(rounder.mode)" }
}

/// A shared, thread-safe count of handed-out random streams.
private final class StreamCounter: Sendable {
    private let next = Atomic<UInt64>(0)

    func take() -> UInt64 { next.add(1, ordering: .relaxed).oldValue }
}
