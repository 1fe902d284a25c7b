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
}

/// One buffer, rewritten: a single pointer, so the loop vectorizes without alias checks.
@usableFromInline
struct InPlaceAccess<Element: RoundingElement>: ElementAccess {
    @usableFromInline let values: UnsafeMutablePointer<Element>
    @inlinable init(values: UnsafeMutablePointer<Element>) { self.values = values }
    @inlinable @inline(__always) func load(_ i: Int) -> Element { values[i] }
    @inlinable @inline(__always) func store(_ i: Int, _ value: Element) { values[i] = value }
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
}

/// The array loop: every element through the kernel.
///
/// Up, down and toward zero on plain shifter formats with p ≤ 50 round in the hardware's
/// direction, set for the loop and set back after it (``HardwareDirection``), where the
/// array is long enough to pay for the two calls.
///
/// Stochastic rules draw the random words of a block of elements in a loop of their own
/// first: the 64-bit multiplications of the generator are cheap in scalar code and costly
/// in baseline SIMD, while the rounding that follows vectorizes. Where two or four elements
/// share a word, the rounding loop reads each word once for its elements.
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
        switch RandomStream.elementsPerWord(bits: bits) {
        // Eight elements per word unroll into a loop too wide to vectorize well: those words
        // are spread into the buffer first, as unshared ones are.
        case 2: visitSharing(kernel, elementsPerWord: 2, bits: bits)
        case 4: visitSharing(kernel, elementsPerWord: 4, bits: bits)
        default: visitDrawingFirst(kernel, bits: bits)
        }
    }

    /// Element `i` rounded with `randomWord`.
    @inlinable @inline(__always)
    func round<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>, _ i: Int, randomWord: UInt64) {
        access.store(i, Access.Element(chopNarrowing: kernel.round(access.load(i).chopWidened, randomWord: randomWord)))
    }

    /// Draws a block's words into a buffer, then rounds the block.
    @inlinable
    func visitDrawingFirst<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>, bits: Int) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: Self.blockSize) { words in
            var start = 0
            while start < count {
                let n = min(Self.blockSize, count - start)
                let blockIndex = firstIndex &+ UInt64(truncatingIfNeeded: start)
                stream.fill(words.baseAddress!, count: n, from: blockIndex, bits: bits)
                // Wrapping index arithmetic: an overflow check here would be a trap, and a loop
                // that can trap does not vectorize.
                for j in 0..<n { round(kernel, start &+ j, randomWord: words[j]) }
                start += n
            }
        }
    }

    /// `k` elements share each word (``RandomStream/word(at:bits:)``): the elements of whole
    /// words go word by word, element `s` of a word reading it shifted left by `bits·s`. With
    /// `k` a constant the inner loop unrolls, and the loop over words vectorizes with the
    /// same shift in every lane, so each word is drawn once for its `k` elements and never
    /// spread into per-element copies.
    @inlinable @inline(__always)
    func visitSharing<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, elementsPerWord k: Int, bits: Int
    ) {
        let shift = UInt64(truncatingIfNeeded: bits)
        let spans = SharedWords(first: firstIndex, count: count, perWord: k)
        // The elements before the first whole word, and after the last one, one at a time.
        @inline(__always) func roundAlone(_ i: Int) {
            round(kernel, i, randomWord: stream.word(at: firstIndex &+ UInt64(truncatingIfNeeded: i), bits: bits))
        }
        for i in 0..<spans.lead { roundAlone(i) }
        for i in spans.tail..<count { roundAlone(i) }
        let blockWords = Self.blockSize / k
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: blockWords) { words in
            var done = 0
            while done < spans.wholeWords {
                let n = min(blockWords, spans.wholeWords - done)
                stream.fill(words.baseAddress!, count: n, from: spans.firstWholeWord &+ UInt64(truncatingIfNeeded: done))
                let base = spans.lead &+ done &* k
                for g in 0..<n {
                    let word = words[g]
                    for s in 0..<k {
                        round(kernel, base &+ g &* k &+ s, randomWord: word &<< (shift &* UInt64(truncatingIfNeeded: s)))
                    }
                }
                done += n
            }
        }
    }
}
