/// A format prepared to round in one mode, for every family: the one protocol through which
/// generic code rounds arrays, encodes them and decodes codes.
///
/// ```swift
/// func largestRelativeError(_ rounder: some FormatRounder, _ values: [Double]) throws -> Double {
///     var rounded = values
///     try rounded.withUnsafeMutableBufferPointer { try rounder.round($0, shape: [values.count], seed: 1) }
///     return zip(values, rounded).map { abs($1 - $0) / abs($0) }.max() ?? 0
/// }
/// ```
///
/// Element `i` (the flat row-major index) of an array draws
/// `RandomStream(seed:).word(at: firstIndex + i, bits: mode.randomBitsPerElement)` in
/// stochastic modes (``RandomStream/word(at:bits:)``: with R ≤ 32 random bits, one word serves
/// `⌊64/R⌋` elements), so the result never depends on the thread count or on how the work is
/// split. What else an element's result depends on is ``scope``.
public protocol FormatRounder: Sendable {
    associatedtype Format: NumberFormat
    associatedtype Failure: Error
    /// The format rounded to.
    var format: Format { get }
    /// The rounding mode of every element.
    var mode: RoundingMode { get }
    /// Whether an element rounds alone or with a scale shared by a group of elements.
    var scope: RoundingScope { get }
    /// Rounds the row-major array `values` of `shape` in place: each element to the format
    /// (quantized and dequantized where the format has scales). Element `i` draws the random
    /// bits of index `firstIndex + i`: pieces of a longer stream (for group formats, pieces that
    /// hold whole groups) rounded separately equal one call on the whole.
    ///
    /// - Throws: for a shape that does not hold the values, or one the format cannot use.
    func round(
        _ values: UnsafeMutableBufferPointer<Double>, shape: [Int], seed: UInt64, firstIndex: Int, threads: Int
    ) throws(Failure)
    /// Rounds `values`, the elements of `piece` (row-major) of a larger array, in place, to
    /// the bits one call on the whole array would give them: in stochastic modes each element
    /// draws the random bits of `firstIndex` plus its C-order index in the whole.
    ///
    /// - Throws: as ``round(_:shape:seed:firstIndex:threads:)``, and for a piece that cannot
    ///   round alone (group formats: a piece that cuts a group, or whose scale depends on the rest).
    func round(
        _ values: UnsafeMutableBufferPointer<Double>, piece: ArrayPiece, seed: UInt64, firstIndex: Int, threads: Int
    ) throws(Failure)
    /// How many scales ``encode(_:shape:seed:)`` gives an array of `shape`: one per group (0
    /// for element-wise formats).
    ///
    /// - Throws: for a shape the format cannot use.
    func scaleCount(shape: [Int]) throws(Failure) -> Int
    /// The codes of the rounded array, with the scales they need; element `i` draws the random
    /// bits of index `firstIndex + i`.
    func encode(_ values: [Double], shape: [Int], seed: UInt64, firstIndex: Int) throws(Failure) -> EncodedArray
    /// The values of codes made by ``encode(_:shape:seed:)``.
    func decode(_ encoded: EncodedArray) throws(Failure) -> [Double]
}

/// What the rounding of one element depends on besides the element itself.
public enum RoundingScope: Sendable, Hashable {
    /// Nothing: the element rounds alone (floats, posits, fixed point), so any piece of an
    /// array may be rounded on its own (with its first index for stochastic modes).
    case element
    /// A scale computed from a group of elements (integer quantization per tensor, channel or
    /// block; block formats along an axis): the groups must be read whole.
    case group
}

extension FormatRounder {
    /// Rounds a whole array (its first element draws the random bits of index 0).
    public func round(_ values: UnsafeMutableBufferPointer<Double>, shape: [Int], seed: UInt64, threads: Int) throws(Failure) {
        try round(values, shape: shape, seed: seed, firstIndex: 0, threads: threads)
    }

    /// Rounds a piece of an array whose first element draws the random bits of index 0.
    public func round(_ values: UnsafeMutableBufferPointer<Double>, piece: ArrayPiece, seed: UInt64, threads: Int) throws(Failure) {
        try round(values, piece: piece, seed: seed, firstIndex: 0, threads: threads)
    }

    /// The codes of a whole array (its first element draws the random bits of index 0).
    public func encode(_ values: [Double], shape: [Int], seed: UInt64) throws(Failure) -> EncodedArray {
        try encode(values, shape: shape, seed: seed, firstIndex: 0)
    }

    /// Rounds with every core for large arrays (see ``Parallelism``).
    public func round(_ values: UnsafeMutableBufferPointer<Double>, shape: [Int], seed: UInt64 = 0) throws(Failure) {
        try round(values, shape: shape, seed: seed, threads: Parallelism.automatic)
    }
}

extension FormatRounder where Failure == FormatError {
    /// Element-wise formats have no scales.
    public func scaleCount(shape: [Int]) throws(FormatError) -> Int { 0 }

    /// Element-wise formats: each run of consecutive whole-array indices is rounded as the
    /// elements it is (``ArrayPiece/runs``); runs go to the threads.
    public func round(
        _ values: UnsafeMutableBufferPointer<Double>, piece: ArrayPiece, seed: UInt64, firstIndex: Int, threads: Int
    ) throws(FormatError) {
        try FormatError.check(shape: piece.shape, count: values.count)
        guard mode.isStochastic && !piece.isWhole else {
            return try round(values, shape: piece.shape, seed: seed, firstIndex: firstIndex, threads: threads)
        }
        let runs = piece.runs
        if runs.count == 1, let run = runs.first {
            return try round(values, shape: [run.count], seed: seed, firstIndex: firstIndex + run.wholeIndex, threads: threads)
        }
        // Each run is a valid flat array: rounding it cannot fail.
        guard let base = values.baseAddress else { return }
        let pointer = DisjointPointer(base)
        let rounder = self
        forEachChunk(count: runs.count, threads: Parallelism.threads(threads, elements: values.count)) { chunk in
            for run in runs[chunk] {
                let elements = UnsafeMutableBufferPointer(start: pointer.base + run.start, count: run.count)
                try? rounder.round(elements, shape: [run.count], seed: seed, firstIndex: firstIndex + run.wholeIndex, threads: 1)
            }
        }
    }
}
