/// A small, fast, seedable generator (wyrand) for the scalar APIs that take
/// `inout some RandomNumberGenerator`.
///
/// Its `i`-th output equals ``RandomStream/word(at:)`` at `i` for the same seed, so
/// rounding the elements of an array one by one with a fresh `WyRand(seed: s)` gives the
/// same results as rounding the array with seed `s`.
@frozen
public struct WyRand: RandomNumberGenerator, Sendable, Hashable {
    @usableFromInline var state: UInt64

    @inlinable
    public init(seed: UInt64) { state = seed }

    @inlinable
    public mutating func next() -> UInt64 {
        state &+= RandomStream.increment
        return RandomStream.mix(state)
    }
}
