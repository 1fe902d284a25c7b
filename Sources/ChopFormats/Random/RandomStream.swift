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
/// Array rounding with R ≤ 32 random bits shares a word among `⌊64/R⌋` elements
/// (``word(at:bits:)``); the Contracts article's "Random bits" section is the whole layout.
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
    /// The stream whose word `i` is this stream's word `first + i`.
    ///
    /// Word `i` depends on `seed + i·γ` alone, so this is the stream of the seed
    /// `seed + first·γ` (wrapping). It is not a piece's stream when elements share words
    /// (R ≤ 32 random bits): pass the piece's first index to the rounders instead.
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

extension RandomStream {
    /// How many elements share one word when each reads `bits` random bits: `⌊64/bits⌋` for
    /// 1 ≤ `bits` ≤ 32, else 1.
    @inlinable
    public static func elementsPerWord(bits: Int) -> Int {
        (1...32).contains(bits) ? 64 / bits : 1
    }

    /// The word element `index` rounds with when it reads the top `bits` bits of it.
    ///
    /// With more than 32 bits (stochastic rounding's default 52, and every mode that takes
    /// a whole word) this is ``word(at:)``. With 1 ≤ `bits` ≤ 32, `k = ⌊64/bits⌋` consecutive
    /// elements share one word: element `index` takes bits
    /// `[64 - bits·(s + 1), 64 - bits·s)` of word `⌊index / k⌋`, where `s = index mod k`,
    /// returned shifted to the top (`word << (bits·s)`). So a word serves `k` elements, and
    /// the bits depend on the seed, `index` and `bits` alone.
    ///
    /// - Postcondition: the top `bits` bits are the element's; the rest are not random.
    @inlinable @inline(__always)
    public func word(at index: UInt64, bits: Int) -> UInt64 {
        let perWord = UInt64(truncatingIfNeeded: Self.elementsPerWord(bits: bits))
        guard perWord > 1 else { return word(at: index) }
        let (group, slot) = index.quotientAndRemainder(dividingBy: perWord)
        return word(at: group) &<< (UInt64(truncatingIfNeeded: bits) &* slot)
    }

    /// The words of elements `first`, `first + 1`, … into `words[0..<count]`, each as
    /// ``word(at:bits:)`` gives it: one generated word per `⌊64/bits⌋` elements.
    @inlinable @inline(__always)
    func fill(_ words: UnsafeMutablePointer<UInt64>, count: Int, from first: UInt64, bits: Int) {
        let perWord = Self.elementsPerWord(bits: bits)
        guard perWord > 1 else { return fill(words, count: count, from: first) }
        let shift = UInt64(truncatingIfNeeded: bits)
        let spans = SharedWords(first: first, count: count, perWord: perWord)
        var j = 0
        // The top `n` fields of `w`, one per element, each shifted to the top.
        @inline(__always) func store(_ w: UInt64, fields n: Int) {
            var w = w
            for _ in 0..<n {
                words[j] = w
                w &<<= shift
                j &+= 1
            }
        }
        if spans.lead > 0 { store(word(at: first, bits: bits), fields: spans.lead) }
        var group = spans.firstWholeWord
        // Whole words, with the common counts of elements per word as constants so that the
        // inner loop unrolls into stores and shifts.
        @inline(__always) func wholeWords(_ k: Int) {
            for _ in 0..<spans.wholeWords {
                store(word(at: group), fields: k)
                group &+= 1
            }
        }
        switch perWord {
        case 2: wholeWords(2)
        case 4: wholeWords(4)
        case 8: wholeWords(8)
        default: wholeWords(perWord)
        }
        if j < count { store(word(at: group), fields: count &- j) }
    }
}

/// How elements `first ..< first + count` fall on the words they share, `k` to a word
/// (``RandomStream/word(at:bits:)``): the rest of a partly used first word, whole words,
/// then the first elements of one more word. Every loop over shared words splits its
/// elements this way.
@frozen @usableFromInline
struct SharedWords {
    /// How many elements come before the first whole word: 0 when `first` starts a word,
    /// else the rest of its word, or all `count` elements if they end within it.
    @usableFromInline let lead: Int
    /// How many whole words follow, and the index of the first of them.
    @usableFromInline let wholeWords: Int
    @usableFromInline let firstWholeWord: UInt64
    /// Where (counted from `first`) the elements after the whole words start.
    @usableFromInline let tail: Int

    /// - Precondition: `count ≥ 0`, `k ≥ 1`.
    @inlinable @inline(__always)
    init(first: UInt64, count: Int, perWord k: Int) {
        let perWord = UInt64(truncatingIfNeeded: k)
        lead = min(count, Int(truncatingIfNeeded: (perWord &- first % perWord) % perWord))
        wholeWords = (count - lead) / k
        firstWholeWord = (first &+ UInt64(truncatingIfNeeded: lead)) / perWord
        tail = lead + wholeWords * k
    }
}
