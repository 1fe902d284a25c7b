import ChopFormats

/// Rounds an array file into another, streaming in chunks with constant memory, through
/// the one rounding core.
///
/// Inputs and outputs: `.npy`, raw `.f64`/`.f32`/`.f16`/`.bf16`, text (`.csv`, `.tsv`,
/// `.txt`) and `-` (text on standard input or output). The output type comes from its
/// extension; without an output, text goes to standard output. Text to text keeps the
/// layout (header, comments, text columns, spacing) and replaces only the numbers. Decimal
/// text is rounded exactly, not through its nearest double.
///
/// Element `i` is rounded with stochastic word `i` of the seed's stream, whatever the chunk
/// size, so the output equals rounding the whole array in memory. A file output is written
/// to a temporary file and renamed only on success.
public struct RoundingJob: Sendable {
    public var input: String
    /// The output path; nil or `-` writes text to standard output.
    public var output: String?
    public var rounder: FloatRounder
    public var seed: UInt64
    public var threads: Int
    /// Write the results' encodings instead of their values (`.npy` of the smallest unsigned
    /// integer type that holds them, `.u8`…`.u64`, or hexadecimal text).
    public var writesCodes: Bool
    /// Gather ``RoundingStatistics`` in the summary.
    public var collectsStatistics: Bool
    /// Elements per chunk.
    public var chunkElements: Int
    /// The floating-point type of `.npy` values (nil: the input's).
    public var outputStorage: ElementStorage?

    public init(
        input: String, output: String?, rounder: FloatRounder, seed: UInt64 = 0, threads: Int = Parallelism.automatic,
        writesCodes: Bool = false, collectsStatistics: Bool = false, chunkElements: Int = 1 << 20,
        outputStorage: ElementStorage? = nil
    ) {
        self.outputStorage = outputStorage
        self.input = input
        self.output = output
        self.rounder = rounder
        self.seed = seed
        self.threads = threads
        self.writesCodes = writesCodes
        self.collectsStatistics = collectsStatistics
        self.chunkElements = max(1, chunkElements)
    }

    /// Runs the job, calling `progress(done, total)` after each chunk.
    ///
    /// - Throws: ``ChopIOError``: usage (the results do not fit the output's type, an unknown
    ///   extension), bad data (a malformed input, a value with no encoding), I/O. On any error
    ///   a file output is untouched and no temporary file remains.
    @discardableResult
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(ChopIOError) -> JobSummary {
        let transform = RoundingTransform(
            rounder: rounder, seed: seed, threads: threads, writesCodes: writesCodes,
            collectsStatistics: collectsStatistics)
        var (summary, finished) = try runTransform(
            input: input, output: output, transform: transform, valueCheck: .format(rounder.format),
            outputStorage: outputStorage, chunkElements: chunkElements, progress: progress)
        summary.statistics = finished.statistics
        return summary
    }
}

/// Turns codes back into values: the inverse of ``RoundingJob`` with codes.
///
/// Inputs: `.npy` of unsigned integers, `.u8`…`.u64`, or text of decimal or `0x` integers.
/// Outputs as for ``RoundingJob`` (`.npy` values are float64).
public struct DecodeJob: Sendable {
    public var input: String
    public var output: String?
    /// A float format or a posit format.
    public var format: any ScalarFormat
    public var chunkElements: Int

    public init(input: String, output: String?, format: FloatFormat, chunkElements: Int = 1 << 20) {
        self.input = input
        self.output = output
        self.format = format
        self.chunkElements = max(1, chunkElements)
    }

    /// Decodes posit codes (NaR gives NaN; a `posit64` value of more than 53 bits is an error
    /// naming its element).
    public init(input: String, output: String?, format: PositFormat, chunkElements: Int = 1 << 20) {
        self.input = input
        self.output = output
        self.format = format
        self.chunkElements = max(1, chunkElements)
    }

    /// Runs the job.
    ///
    /// - Throws: ``ChopIOError``; a code that is not an encoding of the format is bad data
    ///   naming its element.
    @discardableResult
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(ChopIOError) -> JobSummary {
        try runTransform(
            input: input, output: output, transform: DecodingTransform(format: format),
            valueCheck: (format as? FloatFormat).map(ValueCheck.format) ?? .eachValue(format.name),
            chunkElements: chunkElements, progress: progress
        ).0
    }
}
