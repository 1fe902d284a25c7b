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

    /// How many consecutive words a group of elements shares: 8, the doubles of one
    /// 512-bit vector, so that a vector of consecutive elements reads consecutive words
    /// shifted alike.
    public static let wordsPerGroup = 8

    /// The word element `index` rounds with when it reads the top `bits` bits of it.
    ///
    /// With more than 32 bits (stochastic rounding's default 52, and every mode that takes
    /// a whole word) this is ``word(at:)``. With 1 ≤ `bits` ≤ 32, `k = ⌊64/bits⌋` elements
    /// share a word, in groups of `8k` consecutive elements over 8 consecutive words: element
    /// `index` lies in group `g = ⌊index / 8k⌋` at position `p = index mod 8k`, and takes bits
    /// `[64 - bits·(s + 1), 64 - bits·s)` of word `8g + (p mod 8)`, where `s = ⌊p / 8⌋`,
    /// returned shifted to the top (`word << (bits·s)`). So the first 8 elements of a group
    /// read the top fields of its 8 words, the next 8 the second fields, and so on; each
    /// word serves `k` elements, and the bits depend on the seed, `index` and `bits` alone.
    ///
    /// - Postcondition: the top `bits` bits are the element's; the rest are not random.
    @inlinable @inline(__always)
    public func word(at index: UInt64, bits: Int) -> UInt64 {
        let perWord = UInt64(truncatingIfNeeded: Self.elementsPerWord(bits: bits))
        guard perWord > 1 else { return word(at: index) }
        let lanes = UInt64(truncatingIfNeeded: Self.wordsPerGroup)
        let (group, position) = index.quotientAndRemainder(dividingBy: lanes &* perWord)
        let (slot, lane) = position.quotientAndRemainder(dividingBy: lanes)
        return word(at: group &* lanes &+ lane) &<< (UInt64(truncatingIfNeeded: bits) &* slot)
    }

    /// The words of elements `first`, `first + 1`, … into `words[0..<count]`, each as
    /// ``word(at:bits:)`` gives it: one generated word per `⌊64/bits⌋` elements.
    @inlinable
    func fill(_ words: UnsafeMutablePointer<UInt64>, count: Int, from first: UInt64, bits: Int) {
        let perWord = Self.elementsPerWord(bits: bits)
        guard perWord > 1 else { return fill(words, count: count, from: first) }
        let groups = WordGroups(first: first, count: count, elementsPerWord: perWord)
        for j in 0..<groups.lead { words[j] = word(at: first &+ UInt64(truncatingIfNeeded: j), bits: bits) }
        for j in groups.tail..<count { words[j] = word(at: first &+ UInt64(truncatingIfNeeded: j), bits: bits) }
        let lanes = Self.wordsPerGroup
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: lanes) { group in
            for g in 0..<groups.whole {
                fill(group.baseAddress!, count: lanes, from: (groups.firstGroup &+ UInt64(truncatingIfNeeded: g)) &* UInt64(lanes))
                groups.forEachElement(ofGroup: g, bits: bits) { i, w, shift in words[i] = group[w] &<< shift }
            }
        }
    }
}

/// How elements `first ..< first + count` fall on the groups of `8k` elements that share 8
/// words (``RandomStream/word(at:bits:)``): the rest of a partly covered first group, whole
/// groups, then the first elements of one more group. Every loop over shared words splits
/// its elements this way.
@frozen @usableFromInline
struct WordGroups {
    /// Elements per word, and per group (`8k`).
    @usableFromInline let perWord: Int
    @usableFromInline let size: Int
    /// How many elements come before the first whole group: 0 when `first` starts a group,
    /// else the rest of its group, or all `count` elements if they end within it.
    @usableFromInline let lead: Int
    /// How many whole groups follow, and the index of the first of them.
    @usableFromInline let whole: Int
    @usableFromInline let firstGroup: UInt64
    /// Where (counted from `first`) the elements after the whole groups start.
    @usableFromInline let tail: Int

    /// - Precondition: `count ≥ 0`, `k ≥ 1`.
    @inlinable @inline(__always)
    init(first: UInt64, count: Int, elementsPerWord k: Int) {
        perWord = k
        size = RandomStream.wordsPerGroup * k
        let groupSize = UInt64(truncatingIfNeeded: size)
        lead = min(count, Int(truncatingIfNeeded: (groupSize &- first % groupSize) % groupSize))
        whole = (count - lead) / size
        firstGroup = (first &+ UInt64(truncatingIfNeeded: lead)) / groupSize
        tail = lead + whole * size
    }

    /// Calls `body(i, w, shift)` for every element `i` (counted from `first`) of whole group
    /// `g` (counted from the first whole group), `w` (0 to 7) being which of the group's
    /// words it reads, shifted left by `shift`. Element order: field by field, word by word,
    /// so consecutive `i` read consecutive words with the same shift.
    @inlinable @inline(__always)
    func forEachElement(ofGroup g: Int, bits: Int, _ body: (Int, Int, UInt64) -> Void) {
        let lanes = RandomStream.wordsPerGroup
        let start = lead &+ g &* size
        for s in 0..<perWord {
            let shift = UInt64(truncatingIfNeeded: bits &* s)
            for lane in 0..<lanes { body(start &+ s &* lanes &+ lane, lane, shift) }
        }
    }
}
