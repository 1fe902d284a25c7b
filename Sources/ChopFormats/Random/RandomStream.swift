/// A counter-based random stream: the word for element `index` is a function of
/// `(seed, index)` alone, so stochastic rounding of an array gives the same bits whatever
/// the thread count, chunking or SIMD width.
///
/// Word `i` is SplitMix64's `i`-th output from state `seed` (Steele, Lea and Flood 2014):
/// the state `seed + (i + 1)·γ` passed through SplitMix64's 64-bit finalizer. A
/// ``SplitMix64`` generator seeded with the same seed produces the same words in order.
///
/// ```swift
/// let stream = RandomStream(seed: 42)
/// stream.word(at: 0) == SplitMix64(seed: 42).next()   // true
/// ```
@frozen
public struct RandomStream: Sendable, Hashable {
    /// The seed the stream was created with.
    public let seed: UInt64

    @inlinable
    public init(seed: UInt64) { self.seed = seed }

    /// The golden-ratio increment of SplitMix64.
    @usableFromInline static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The 64 random bits for element `index`.
    @inlinable @inline(__always)
    public func word(at index: UInt64) -> UInt64 {
        Self.finalize(seed &+ (index &+ 1) &* Self.gamma)
    }

    /// SplitMix64's finalizer (a bijection of 64-bit words with full avalanche).
    @inlinable @inline(__always)
    static func finalize(_ state: UInt64) -> UInt64 {
        var z = state
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }
}
