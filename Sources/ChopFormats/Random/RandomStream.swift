/// A counter-based random stream: the word for element `index` is a function of
/// `(seed, index)` alone, so stochastic rounding of an array gives the same bits whatever
/// the thread count, chunking or SIMD width.
///
/// Word `i` is wyrand's `i`-th output from state `seed` (Wang Yi's generator, used by the
/// Go and Zig runtimes; it passes BigCrush and PractRand): the Weyl state
/// `seed + (i + 1)·γ` mixed by one 64×64→128-bit multiplication, high half XOR low half.
/// A ``WyRand`` generator seeded with the same seed produces the same words in order.
///
/// ```swift
/// let stream = RandomStream(seed: 42)
/// var generator = WyRand(seed: 42)
/// stream.word(at: 0) == generator.next()   // true
/// ```
///
/// The one full-width multiplication is a single instruction on 64-bit processors and has
/// no counterpart in baseline SIMD, so the array loops generate words in scalar code (about
/// two cycles each) and vectorize the rounding.
@frozen
public struct RandomStream: Sendable, Hashable {
    /// The seed the stream was created with.
    public let seed: UInt64

    @inlinable
    public init(seed: UInt64) { self.seed = seed }

    /// wyrand's Weyl increment and mixing constant.
    @usableFromInline static let increment: UInt64 = 0xA076_1D64_78BD_642F
    @usableFromInline static let mixer: UInt64 = 0xE703_7ED1_A0B4_28DB

    /// The 64 random bits for element `index`.
    @inlinable @inline(__always)
    public func word(at index: UInt64) -> UInt64 {
        Self.mix(seed &+ (index &+ 1) &* Self.increment)
    }

    /// wyrand's output function of a Weyl state.
    @inlinable @inline(__always)
    static func mix(_ state: UInt64) -> UInt64 {
        let product = state.multipliedFullWidth(by: state ^ mixer)
        return product.high ^ product.low
    }
}

extension RandomStream {
    /// The stream whose word `i` is this stream's word `first + i`: the stream of a piece of
    /// an array that starts at element `first`.
    ///
    /// Word `i` depends on `seed + i·γ` alone, so the piece's stream is the stream of the
    /// seed `seed + first·γ` (wrapping): any rounder that draws word `i` for element `i`
    /// rounds a piece as the whole would when given ``advanced(by:)``'s seed.
    @inlinable
    public func advanced(by first: UInt64) -> RandomStream {
        RandomStream(seed: seed &+ first &* Self.increment)
    }

    /// Words `first`, `first + 1`, … into `words[0..<count]`: the array loops draw a block's
    /// words in a loop of their own, then round.
    @inlinable @inline(__always)
    func fill(_ words: UnsafeMutablePointer<UInt64>, count: Int, from first: UInt64) {
        for j in 0..<count { words[j] = word(at: first &+ UInt64(truncatingIfNeeded: j)) }
    }
}
