extension FloatRounder {
    /// Rounds `values` in place.
    ///
    /// Stochastic modes draw element `i`'s random word from
    /// `RandomStream(seed: seed).word(at: firstIndex + i, bits: R)` (``RandomStream/word(at:bits:)``:
    /// with R ≤ 32 random bits a word serves several elements), so the result depends only on the
    /// seed and each element's global index: the same for any `threads`, and the same
    /// when a long array is rounded in chunks that pass their offset as `firstIndex`.
    ///
    /// - Parameters:
    ///   - values: the elements, rounded in place.
    ///   - seed: the stochastic stream's seed (ignored by deterministic modes).
    ///   - firstIndex: the global index of `values[0]`.
    ///   - threads: how many threads share the work: 1 runs on the caller's thread;
    ///     ``Parallelism/automatic`` (the default) uses every core for at least
    ///     ``Parallelism/crossover`` elements, else one.
    @inlinable
    public func round(_ values: UnsafeMutableBufferPointer<Double>, seed: UInt64 = 0, firstIndex: Int = 0, threads: Int = Parallelism.automatic) {
        roundInPlace(values, seed: seed, firstIndex: firstIndex, threads: threads)
    }

    /// Rounds `source` into `destination`, which must have the same count and must not
    /// overlap it (use the in-place form for that). See ``round(_:seed:firstIndex:threads:)-(UnsafeMutableBufferPointer<Double>,_,_,_)``.
    @inlinable
    public func round(
        _ source: UnsafeBufferPointer<Double>, into destination: UnsafeMutableBufferPointer<Double>,
        seed: UInt64 = 0, firstIndex: Int = 0, threads: Int = Parallelism.automatic
    ) {
        roundOutOfPlace(source, into: destination, seed: seed, firstIndex: firstIndex, threads: threads)
    }

    /// Rounds every element of `values` in place.
    @inlinable
    public func round(_ values: inout [Double], seed: UInt64 = 0, threads: Int = Parallelism.automatic) {
        values.withUnsafeMutableBufferPointer { roundInPlace($0, seed: seed, firstIndex: 0, threads: threads) }
    }

    /// `values` with every element rounded.
    @inlinable
    public func rounded(_ values: [Double], seed: UInt64 = 0, threads: Int = Parallelism.automatic) -> [Double] {
        var copy = values
        round(&copy, seed: seed, threads: threads)
        return copy
    }

    /// Rounds `values` in place (`Float` data).
    ///
    /// - Throws: ``FormatError/unsupportedElementType(_:)`` unless the format has
    ///   p ≤ 24 and emax ≤ 127.
    @inlinable
    public func round(
        _ values: UnsafeMutableBufferPointer<Float>, seed: UInt64 = 0, firstIndex: Int = 0, threads: Int = Parallelism.automatic
    ) throws(FormatError) {
        try Float.checkHolds(format)
        roundInPlace(values, seed: seed, firstIndex: firstIndex, threads: threads)
    }

    /// Rounds `source` into `destination` (`Float` data, same count, no overlap).
    @inlinable
    public func round(
        _ source: UnsafeBufferPointer<Float>, into destination: UnsafeMutableBufferPointer<Float>,
        seed: UInt64 = 0, firstIndex: Int = 0, threads: Int = Parallelism.automatic
    ) throws(FormatError) {
        try Float.checkHolds(format)
        roundOutOfPlace(source, into: destination, seed: seed, firstIndex: firstIndex, threads: threads)
    }

    /// Rounds every element of `values` in place (`Float` data).
    @inlinable
    public func round(_ values: inout [Float], seed: UInt64 = 0, threads: Int = Parallelism.automatic) throws(FormatError) {
        try Float.checkHolds(format)
        values.withUnsafeMutableBufferPointer { roundInPlace($0, seed: seed, firstIndex: 0, threads: threads) }
    }

    /// `values` with every element rounded (`Float` data).
    @inlinable
    public func rounded(_ values: [Float], seed: UInt64 = 0, threads: Int = Parallelism.automatic) throws(FormatError) -> [Float] {
        var copy = values
        try round(&copy, seed: seed, threads: threads)
        return copy
    }

    // MARK: - The loops

    @inlinable
    func roundInPlace<Element: RoundingElement>(
        _ values: UnsafeMutableBufferPointer<Element>, seed: UInt64, firstIndex: Int, threads: Int
    ) {
        guard let base = values.baseAddress, !values.isEmpty else { return }
        let threads = Parallelism.threads(threads, elements: values.count)
        let pointer = DisjointPointer(base)
        let rounder = self
        let bits = Element.self == Float.self && roundsFloatsByBFloat16Bits
        forEachChunk(count: values.count, threads: threads) { range in
            if bits {
                let start = UnsafeMutableRawPointer(pointer.base + range.lowerBound).assumingMemoryBound(to: UInt32.self)
                return roundBinary32BitsToBFloat16(start, start, count: range.count)
            }
            let access = InPlaceAccess(values: pointer.base + range.lowerBound)
            rounder.withKernel(
                ArrayVisitor(
                    access: access, count: range.count, stream: RandomStream(seed: seed),
                    firstIndex: UInt64(firstIndex + range.lowerBound)))
        }
    }

    @inlinable
    func roundOutOfPlace<Element: RoundingElement>(
        _ source: UnsafeBufferPointer<Element>, into destination: UnsafeMutableBufferPointer<Element>,
        seed: UInt64, firstIndex: Int, threads: Int
    ) {
        precondition(source.count == destination.count, "source and destination counts differ")
        guard let sourceBase = source.baseAddress, let destinationBase = destination.baseAddress, !source.isEmpty
        else { return }
        let threads = Parallelism.threads(threads, elements: source.count)
        let input = DisjointPointer(UnsafeMutablePointer(mutating: sourceBase))
        let output = DisjointPointer(destinationBase)
        let rounder = self
        let bits = Element.self == Float.self && roundsFloatsByBFloat16Bits
        forEachChunk(count: source.count, threads: threads) { range in
            if bits {
                return roundBinary32BitsToBFloat16(
                    UnsafeRawPointer(input.base + range.lowerBound).assumingMemoryBound(to: UInt32.self),
                    UnsafeMutableRawPointer(output.base + range.lowerBound).assumingMemoryBound(to: UInt32.self),
                    count: range.count)
            }
            let access = CopyingAccess(
                source: input.base + range.lowerBound, destination: output.base + range.lowerBound)
            rounder.withKernel(
                ArrayVisitor(
                    access: access, count: range.count, stream: RandomStream(seed: seed),
                    firstIndex: UInt64(firstIndex + range.lowerBound)))
        }
    }
}

/// Where an array loop reads and writes element `i`.
@usableFromInline
protocol ElementAccess {
    associatedtype Element: RoundingElement
    func load(_ i: Int) -> Element
    func store(_ i: Int, _ value: Element)
    /// Elements `i ..< i + 4`, widened, and stored narrowed.
    func loadVector(_ i: Int) -> SIMD4<Double>
    func storeVector(_ i: Int, _ values: SIMD4<Double>)
    /// Whether stores leave the loaded values as they were (distinct buffers).
    static var keepsSource: Bool { get }
}

/// One buffer, rewritten: a single pointer, so the loop vectorizes without alias checks.
@usableFromInline
struct InPlaceAccess<Element: RoundingElement>: ElementAccess {
    @usableFromInline let values: UnsafeMutablePointer<Element>
    @inlinable init(values: UnsafeMutablePointer<Element>) { self.values = values }
    @inlinable @inline(__always) func load(_ i: Int) -> Element { values[i] }
    @inlinable @inline(__always) func store(_ i: Int, _ value: Element) { values[i] = value }
    @inlinable @inline(__always) func loadVector(_ i: Int) -> SIMD4<Double> { Element.chopWidened(vectorAt: values + i) }
    @inlinable @inline(__always) func storeVector(_ i: Int, _ v: SIMD4<Double>) { Element.chopStore(v, at: values + i) }
    @inlinable static var keepsSource: Bool { false }
}

/// Distinct source and destination buffers.
@usableFromInline
struct CopyingAccess<Element: RoundingElement>: ElementAccess {
    @usableFromInline let source: UnsafeMutablePointer<Element>
    @usableFromInline let destination: UnsafeMutablePointer<Element>
    @inlinable init(source: UnsafeMutablePointer<Element>, destination: UnsafeMutablePointer<Element>) {
        self.source = source
        self.destination = destination
    }
    @inlinable @inline(__always) func load(_ i: Int) -> Element { source[i] }
    @inlinable @inline(__always) func store(_ i: Int, _ value: Element) { destination[i] = value }
    @inlinable @inline(__always) func loadVector(_ i: Int) -> SIMD4<Double> { Element.chopWidened(vectorAt: source + i) }
    @inlinable @inline(__always) func storeVector(_ i: Int, _ v: SIMD4<Double>) { Element.chopStore(v, at: destination + i) }
    @inlinable static var keepsSource: Bool { true }
}

/// The array loop: every element through the kernel.
///
/// Up, down and toward zero on plain shifter formats with p ≤ 50 round in the hardware's
/// direction, set for the loop and set back after it (``HardwareDirection``), where the
/// array is long enough to pay for the two calls.
///
/// Stochastic rules draw a block's random words in a loop of their own first: the 64-bit
/// multiplications of the generator are cheap in scalar code and costly in baseline SIMD,
/// while the rounding that follows vectorizes. Proportional stochastic rounding in plain
/// shifter formats then rounds four elements at a time by carry alone (``CarryAlone``),
/// in the order of the word groups where elements share words, so that consecutive elements
/// read consecutive words shifted alike; the elements the carry alone cannot round (NaN,
/// overflow, nonzero magnitudes below `2^emin`) go through the whole kernel after it. Other
/// stochastic rules spread the words into one per element and round element by element.
@usableFromInline
struct ArrayVisitor<Access: ElementAccess>: KernelVisitor {
    @usableFromInline let access: Access
    @usableFromInline let count: Int
    @usableFromInline let stream: RandomStream
    @usableFromInline let firstIndex: UInt64

    @inlinable
    init(access: Access, count: Int, stream: RandomStream, firstIndex: UInt64) {
        self.access = access
        self.count = count
        self.stream = stream
        self.firstIndex = firstIndex
    }

    /// About how many elements a block of random words serves.
    @usableFromInline static var blockSize: Int { 256 }

    @inlinable
    func visit<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>) {
        guard R.usesRandomness else {
            if let hardware = R.hardwareDirection, G.isShifter && G.isPlain && kernel.plan.directsByHardware
                && count >= HardwareDirection.minimumCount, let direction = HardwareDirection(hardware)
            {
                for i in 0..<count {
                    let x = access.load(i).chopWidened
                    access.store(i, Access.Element(chopNarrowing: kernel.roundInHardwareDirection(x)))
                }
                return direction.restore()
            }
            for i in 0..<count {
                access.store(i, Access.Element(chopNarrowing: kernel.round(access.load(i).chopWidened, randomWord: 0)))
            }
            return
        }
        let bits = kernel.plan.randomBits
        if R.isProportionalStochastic && G.isShifter && G.isPlain {
            if RandomStream.elementsPerWord(bits: bits) == 1 { return visitWords(kernel, bits: bits) }
            return visitGroups(kernel, bits: bits)
        }
        visitDrawingFirst(kernel, bits: bits)
    }

    /// Element `i` rounded with `randomWord`.
    @inlinable @inline(__always)
    func round<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>, _ i: Int, randomWord: UInt64) {
        access.store(i, Access.Element(chopNarrowing: kernel.round(access.load(i).chopWidened, randomWord: randomWord)))
    }

    /// Draws the words of `n` elements from `start` into `words`, then rounds them.
    @inlinable @inline(__always)
    func roundDrawingFirst<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, from start: Int, count n: Int, words: UnsafeMutablePointer<UInt64>, bits: Int
    ) {
        stream.fill(words, count: n, from: firstIndex &+ UInt64(truncatingIfNeeded: start), bits: bits)
        // Wrapping index arithmetic: an overflow check here would be a trap, and a loop that
        // can trap does not vectorize.
        for j in 0..<n { round(kernel, start &+ j, randomWord: words[j]) }
    }

    /// Block by block: the words of the block's elements into a buffer, then the elements.
    @inlinable
    func visitDrawingFirst<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>, bits: Int) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.blockSize) { words in
            var start = 0
            while start < count {
                let n = min(Self.blockSize, count - start)
                roundDrawingFirst(kernel, from: start, count: n, words: words.baseAddress!, bits: bits)
                start += n
            }
        }
    }

    /// Proportional stochastic rounding in plain shifter formats, four elements at a time,
    /// where every element reads a word of its own (more than 32 random bits): the block's
    /// words, then ``roundByCarry(_:_:_:)`` over them.
    @inlinable
    func visitWords<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>, bits: Int) {
        let carry = CarryAlone(kernel.plan)
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.blockSize) { buffer in
            let words = buffer.baseAddress!
            var first = 0
            while first < count {
                let n = min(Self.blockSize, count - first)
                let vectors = n & ~3
                stream.fill(words, count: n, from: firstIndex &+ UInt64(truncatingIfNeeded: first))
                roundByCarry(kernel, carry) { row in
                    for j in stride(from: 0, to: vectors, by: 4) {
                        let w = UnsafeRawPointer(words + j).loadUnaligned(as: SIMD4<UInt64>.self)
                        row(first &+ j, w &>> carry.shift, w)
                    }
                }
                for j in vectors..<n { round(kernel, first &+ j, randomWord: words[j]) }
                first += n
            }
        }
    }

    /// Proportional stochastic rounding in plain shifter formats over whole word groups
    /// (``WordGroups``), four elements at a time: each half of a group's eight words serves
    /// four consecutive elements of every field, its field brought to the carry's place by one
    /// shift. The elements before the first whole group and after the last go one at a time.
    @inlinable
    func visitGroups<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>, bits: Int) {
        let carry = CarryAlone(kernel.plan)
        let groups = WordGroups(
            first: firstIndex, count: count, elementsPerWord: RandomStream.elementsPerWord(bits: bits))
        let lanes = RandomStream.wordsPerGroup
        let groupsPerBlock = max(1, Self.blockSize / groups.size)
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(groupsPerBlock * lanes, groups.size)) { buffer in
            let words = buffer.baseAddress!
            if groups.lead > 0 { roundDrawingFirst(kernel, from: 0, count: groups.lead, words: words, bits: bits) }
            if groups.tail < count {
                roundDrawingFirst(kernel, from: groups.tail, count: count - groups.tail, words: words, bits: bits)
            }
            var done = 0
            while done < groups.whole {
                let block = min(groupsPerBlock, groups.whole - done)
                let first = groups.lead &+ done &* groups.size
                stream.fill(
                    words, count: block &* lanes,
                    from: (groups.firstGroup &+ UInt64(truncatingIfNeeded: done)) &* UInt64(truncatingIfNeeded: lanes))
                // Field s of a word reaches the carry's place by one shift: right by
                // `shift - bits·s` for the first fields, left by its opposite for the others.
                let rightShifted = min(groups.perWord, Int(truncatingIfNeeded: carry.shift) / bits &+ 1)
                // Within a group, field by field, so that the elements go in memory order.
                roundByCarry(kernel, carry) { row in
                    for g in 0..<block {
                        let start = first &+ g &* groups.size
                        for s in 0..<groups.perWord {
                            let up = UInt64(truncatingIfNeeded: bits &* s)
                            for half in 0..<2 {
                                let offset: Int = g &* lanes &+ half &* 4
                                let w = UnsafeRawPointer(words + offset).loadUnaligned(as: SIMD4<UInt64>.self)
                                let i = start &+ s &* lanes &+ half &* 4
                                if s < rightShifted {
                                    row(i, w &>> (carry.shift &- up), w &<< up)
                                } else {
                                    row(i, w &<< (up &- carry.shift), w &<< up)
                                }
                            }
                        }
                    }
                }
                done += block
            }
        }
    }

    /// The rows `forEachRow` gives, rounded by carry alone (``CarryAlone``), then the elements
    /// that needed more through the whole kernel. `forEachRow` calls its argument with every
    /// row `(i, b, w)`: four consecutive elements from `i`, their random bits placed for
    /// ``CarryAlone/round(_:placedBits:)``, and their words as the kernel reads them.
    ///
    /// The first pass stores every row's carry result, except that in place a lane outside
    /// the carry's range keeps its input. If a row had such a lane, a second pass finds them
    /// again (in place the stored results of the others are in range, so they stay) and
    /// rounds each by the kernel, from the source.
    @inlinable @inline(__always)
    func roundByCarry<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, _ carry: CarryAlone,
        _ forEachRow: (_ row: (Int, SIMD4<UInt64>, SIMD4<UInt64>) -> Void) -> Void
    ) {
        var outside = SIMD4<UInt64>()
        forEachRow { i, b, _ in
            let x = access.loadVector(i)
            let o = carry.outside(x)
            outside |= o
            let r = carry.round(x, placedBits: b)
            access.storeVector(i, Access.keepsSource ? r : r.replacing(with: x, where: o .!= 0))
        }
        guard outside != .zero else { return }
        forEachRow { i, _, w in
            let o = carry.outside(access.loadVector(i))
            guard o != .zero else { return }
            for lane in 0..<4 where o[lane] != 0 { round(kernel, i &+ lane, randomWord: w[lane]) }
        }
    }
}
