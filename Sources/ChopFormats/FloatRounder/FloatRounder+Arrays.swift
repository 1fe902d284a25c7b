extension FloatRounder {
    /// Rounds `values` in place.
    ///
    /// Stochastic modes draw element `i`'s random word from
    /// `RandomStream(seed: seed).word(at: firstIndex + i)`, so the result depends only on the
    /// seed and each element's global index: the same for any `threads`, and the same
    /// when a long array is rounded in chunks that pass their offset as `firstIndex`.
    ///
    /// - Parameters:
    ///   - seed: the stochastic stream's seed (ignored by deterministic modes).
    ///   - firstIndex: the global index of `values[0]`.
    ///   - threads: how many threads share the work (1 runs on the caller's thread).
    @inlinable
    public func round(_ values: UnsafeMutableBufferPointer<Double>, seed: UInt64 = 0, firstIndex: Int = 0, threads: Int = 1) {
        roundInPlace(values, seed: seed, firstIndex: firstIndex, threads: threads)
    }

    /// Rounds `source` into `destination`, which must have the same count and must not
    /// overlap it (use the in-place form for that). See ``round(_:seed:firstIndex:threads:)-(UnsafeMutableBufferPointer<Double>,_,_,_)``.
    @inlinable
    public func round(
        _ source: UnsafeBufferPointer<Double>, into destination: UnsafeMutableBufferPointer<Double>,
        seed: UInt64 = 0, firstIndex: Int = 0, threads: Int = 1
    ) {
        roundOutOfPlace(source, into: destination, seed: seed, firstIndex: firstIndex, threads: threads)
    }

    /// Rounds every element of `values` in place.
    @inlinable
    public func round(_ values: inout [Double], seed: UInt64 = 0, threads: Int = 1) {
        values.withUnsafeMutableBufferPointer { roundInPlace($0, seed: seed, firstIndex: 0, threads: threads) }
    }

    /// `values` with every element rounded.
    @inlinable
    public func rounded(_ values: [Double], seed: UInt64 = 0, threads: Int = 1) -> [Double] {
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
        _ values: UnsafeMutableBufferPointer<Float>, seed: UInt64 = 0, firstIndex: Int = 0, threads: Int = 1
    ) throws(FormatError) {
        try Float.checkHolds(format)
        roundInPlace(values, seed: seed, firstIndex: firstIndex, threads: threads)
    }

    /// Rounds `source` into `destination` (`Float` data, same count, no overlap).
    @inlinable
    public func round(
        _ source: UnsafeBufferPointer<Float>, into destination: UnsafeMutableBufferPointer<Float>,
        seed: UInt64 = 0, firstIndex: Int = 0, threads: Int = 1
    ) throws(FormatError) {
        try Float.checkHolds(format)
        roundOutOfPlace(source, into: destination, seed: seed, firstIndex: firstIndex, threads: threads)
    }

    /// Rounds every element of `values` in place (`Float` data).
    @inlinable
    public func round(_ values: inout [Float], seed: UInt64 = 0, threads: Int = 1) throws(FormatError) {
        try Float.checkHolds(format)
        values.withUnsafeMutableBufferPointer { roundInPlace($0, seed: seed, firstIndex: 0, threads: threads) }
    }

    /// `values` with every element rounded (`Float` data).
    @inlinable
    public func rounded(_ values: [Float], seed: UInt64 = 0, threads: Int = 1) throws(FormatError) -> [Float] {
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
        let pointer = DisjointPointer(base)
        let rounder = self
        forEachChunk(count: values.count, threads: threads) { range in
            rounder.withKernel(
                InPlaceVisitor(
                    values: pointer.base + range.lowerBound, count: range.count, stream: RandomStream(seed: seed),
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
        let input = DisjointPointer(UnsafeMutablePointer(mutating: sourceBase))
        let output = DisjointPointer(destinationBase)
        let rounder = self
        forEachChunk(count: source.count, threads: threads) { range in
            rounder.withKernel(
                CopyingVisitor(
                    source: input.base + range.lowerBound, destination: output.base + range.lowerBound,
                    count: range.count, stream: RandomStream(seed: seed),
                    firstIndex: UInt64(firstIndex + range.lowerBound)))
        }
    }
}

@usableFromInline
struct InPlaceVisitor<Element: RoundingElement>: KernelVisitor {
    @usableFromInline let values: UnsafeMutablePointer<Element>
    @usableFromInline let count: Int
    @usableFromInline let stream: RandomStream
    @usableFromInline let firstIndex: UInt64

    @inlinable
    init(values: UnsafeMutablePointer<Element>, count: Int, stream: RandomStream, firstIndex: UInt64) {
        self.values = values
        self.count = count
        self.stream = stream
        self.firstIndex = firstIndex
    }

    @inlinable
    func visit<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>) {
        for i in 0..<count {
            let index = firstIndex &+ UInt64(truncatingIfNeeded: i)
            values[i] = Element(chopNarrowing: kernel.round(values[i].chopWidened, index: index, stream: stream))
        }
    }
}

@usableFromInline
struct CopyingVisitor<Element: RoundingElement>: KernelVisitor {
    @usableFromInline let source: UnsafeMutablePointer<Element>
    @usableFromInline let destination: UnsafeMutablePointer<Element>
    @usableFromInline let count: Int
    @usableFromInline let stream: RandomStream
    @usableFromInline let firstIndex: UInt64

    @inlinable
    init(
        source: UnsafeMutablePointer<Element>, destination: UnsafeMutablePointer<Element>, count: Int,
        stream: RandomStream, firstIndex: UInt64
    ) {
        self.source = source
        self.destination = destination
        self.count = count
        self.stream = stream
        self.firstIndex = firstIndex
    }

    @inlinable
    func visit<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>) {
        for i in 0..<count {
            let index = firstIndex &+ UInt64(truncatingIfNeeded: i)
            destination[i] = Element(chopNarrowing: kernel.round(source[i].chopWidened, index: index, stream: stream))
        }
    }
}
