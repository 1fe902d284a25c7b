import ChopFormats

/// Rounds an array file to a posit format in any mode (nearest-even on the encoding is the
/// standard's rounding), streaming like ``RoundingJob``: the values (which must fit the output's type),
/// or the codes (`n`-bit two's complement patterns, NaR `10…0`).
///
/// NaN and ±∞ become NaR (NaN in values); nonzero reals never round to zero or NaR. Decimal
/// text is rounded exactly, from the decimal rather than its nearest double.
public struct PositRoundingJob: Sendable {
    public var input: String
    public var output: String?
    public var format: PositFormat
    /// Any mode (see ``PositFormat/roundedCode(_:mode:randomWord:)``); in stochastic modes
    /// element `i` uses word `i` of `RandomStream(seed:)`.
    public var mode: RoundingMode
    public var seed: UInt64
    public var threads: Int
    public var writesCodes: Bool
    /// Gather ``RoundingStatistics`` (of the values, whether values or codes are written).
    public var collectsStatistics: Bool
    public var chunkElements: Int
    /// The floating-point type of `.npy` values (nil: the input's).
    public var outputStorage: ElementStorage?

    public init(
        input: String, output: String?, format: PositFormat, mode: RoundingMode = .toNearestOrEven, seed: UInt64 = 0,
        threads: Int = Parallelism.automatic, writesCodes: Bool = false, collectsStatistics: Bool = false, chunkElements: Int = 1 << 20,
        outputStorage: ElementStorage? = nil
    ) {
        self.collectsStatistics = collectsStatistics
        self.input = input
        self.mode = mode
        self.seed = seed
        self.output = output
        self.format = format
        self.threads = threads
        self.writesCodes = writesCodes
        self.chunkElements = max(1, chunkElements)
        self.outputStorage = outputStorage
    }

    /// Runs the job.
    ///
    /// - Throws: ``ChopIOError``: usage for values the output's type cannot hold exactly (for
    ///   example posit16's minpos 2^-56 in float16, or a posit64 value of more than 53 bits
    ///   from exact decimal text: write codes), and as ``RoundingJob``.
    @discardableResult
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(ChopIOError) -> JobSummary {
        var (summary, finished) = try runTransform(
            input: input, output: output, transform: PositTransform(job: self), valueCheck: .eachValue(format.name),
            outputStorage: outputStorage, chunkElements: chunkElements, progress: progress)
        summary.statistics = finished.statistics
        return summary
    }
}

/// Rounds chunks to a posit format: codes first (from the exact value of text), then values.
struct PositTransform: ChunkTransform {
    let job: PositRoundingJob
    private(set) var statistics: RoundingStatistics?

    init(job: PositRoundingJob) {
        self.job = job
        statistics = job.collectsStatistics ? RoundingStatistics() : nil
    }

    var format: PositFormat { job.format }
    var readsCodes: Bool { false }
    var writesCodes: Bool { job.writesCodes }
    var codeBitWidth: Int { format.bitWidth }

    /// Whether rounding changes within one double of `value`, so that a decimal's exact tail
    /// can matter.
    func isBoundary(_ value: Double) -> Bool {
        value.isFinite && !job.mode.isStochastic
            && format.roundedCode(value.nextDown, mode: job.mode) != format.roundedCode(value.nextUp, mode: job.mode)
    }

    mutating func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        var inputs = statistics == nil ? [] : chunk.values
        try round(&chunk, firstIndex: firstIndex)
        guard statistics != nil else { return }
        for (index, tail) in chunk.tails { inputs[index] += tail }
        // The values rounded, also when codes are written (decoded: a posit64 value of more
        // than 53 bits is counted at its nearest double).
        let outputs = writesCodes ? chunk.codes.map { format.nearestDouble(ofCode: $0) } : chunk.values
        inputs.withUnsafeBufferPointer { input in
            outputs.withUnsafeBufferPointer { statistics!.add(inputs: input, outputs: $0, posit: format) }
        }
    }

    /// Rounds a chunk in the job's mode: element `i` of the file uses stochastic word `i`;
    /// deterministic modes round decimal text from the exact decimal (head and tail), while
    /// stochastic rounding reads it through its nearest double.
    private mutating func round(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        let (mode, stream) = (job.mode, RandomStream(seed: job.seed))
        let exactTails = mode.isStochastic ? [] : chunk.tails
        if writesCodes {
            chunk.codes = chunk.values.enumerated().map { index, value in
                format.roundedCode(value, mode: mode, randomWord: mode.isStochastic ? stream.word(at: UInt64(firstIndex + index)) : 0)
            }
            for (index, tail) in exactTails {
                chunk.codes[index] = format.roundedCode(head: chunk.values[index], tail: tail, mode: mode)
            }
            return
        }
        let heads = exactTails.map { chunk.values[$0.index] }
        chunk.values.withUnsafeMutableBufferPointer {
            format.round($0, mode: mode, seed: job.seed, firstIndex: firstIndex, threads: job.threads)
        }
        for ((index, tail), head) in zip(exactTails, heads) {
            do {
                chunk.values[index] = try format.decode(format.roundedCode(head: head, tail: tail, mode: mode))
            } catch {
                throw .usage("element \(firstIndex + index): \(error.description); write --codes")
            }
        }
    }
}
