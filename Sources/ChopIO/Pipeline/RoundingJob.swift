import ChopBlocks
import ChopFormats

/// Rounds an array file into another with a prepared rounder of any family, through the one
/// rounding core: floats (``FloatRounder``), posits (``PositRounder``), integer and fixed-point
/// quantization (`IntegerQuantizer`) and block formats (`BlockRounder`).
///
/// ```swift
/// try RoundingJob(input: "weights.npy", output: "w8.npy", rounder: FloatFormat.e4m3fn.rounder(.toNearestOrEven)).run()
/// try RoundingJob(input: "weights.npy", output: "w4.npy", rounder: BlockRounder(format: .mxfp4, axis: 0)).run()
/// ```
///
/// Inputs and outputs: `.npy`, raw `.f64`/`.f32`/`.f16`/`.bf16`, text (`.csv`, `.tsv`,
/// `.txt`) and `-` (text on standard input or output). The output type comes from its
/// extension; without an output, text goes to standard output. Text to text keeps the
/// layout (header, comments, text columns, spacing) and replaces only the numbers.
///
/// - Element-wise formats (floats, posits) stream in chunks with constant memory; decimal
///   text is rounded exactly in deterministic modes, not through its nearest double.
/// - Formats with group scales (integers, blocks) read the whole array; their groups follow
///   the array's logical axes whatever its memory order; decimal text is read through its
///   nearest double, since a scale depends on the whole group.
/// - Element `i` in file order uses stochastic word ``firstIndex`` `+ i` of the seed's
///   stream, whatever the chunk size and thread count, so the output equals rounding the
///   array in memory, and the pieces of an array rounded as separate files (each with the
///   index of its first element) equal one run over the whole.
/// - With codes, integer and block formats write their scales (and zero points, and NVFP4's
///   tensor scale) beside the output: see ``IntegerSidecars`` and ``BlockSidecars``.
/// - A file output is written to a temporary file and renamed, with its sidecars, only on
///   success.
public struct RoundingJob: Sendable {
    public var input: String
    /// The output path; nil or `-` writes text to standard output.
    public var output: String?
    /// The format, mode and options; its type says the family.
    public var rounder: any FormatRounder
    public var seed: UInt64
    /// The stochastic word of the file's first element: element `i` draws word
    /// `firstIndex + i` (block formats: pieces that hold whole blocks round as the whole).
    public var firstIndex: Int
    /// Threads for element-wise formats and block formats (results never depend on it).
    public var threads: Int
    /// Write the results' encodings instead of their values (`.npy` of the smallest unsigned
    /// integer type that holds them, `.u8`…`.u64`, or hexadecimal text).
    public var writesCodes: Bool
    /// Gather statistics in the summary: ``RoundingStatistics`` for element-wise and integer
    /// formats (values beyond a group's range count as overflowed and saturated), or
    /// `BlockStatistics` for block formats.
    public var collectsStatistics: Bool
    /// Elements per chunk for element-wise formats.
    public var chunkElements: Int
    /// The floating-point type of `.npy` values (nil: the input's).
    public var outputStorage: ElementStorage?

    public init(
        input: String, output: String?, rounder: any FormatRounder, seed: UInt64 = 0, firstIndex: Int = 0,
        threads: Int = Parallelism.automatic, writesCodes: Bool = false, collectsStatistics: Bool = false, chunkElements: Int = 1 << 20,
        outputStorage: ElementStorage? = nil
    ) {
        self.input = input
        self.output = output
        self.rounder = rounder
        self.seed = seed
        self.firstIndex = firstIndex
        self.threads = threads
        self.writesCodes = writesCodes
        self.collectsStatistics = collectsStatistics
        self.chunkElements = max(1, chunkElements)
        self.outputStorage = outputStorage
    }

    /// Runs the job, calling `progress(done, total)` after each chunk.
    ///
    /// - Throws: ``ChopIOError``: usage (the results do not fit the output's type, an unknown
    ///   extension, codes of a scaled format without an output file, an axis outside the
    ///   array, a rounder type this job does not know, a first index for a format that rounds
    ///   groups), bad data (a malformed input, a value
    ///   with no encoding), I/O. On any error a file output is untouched and no temporary
    ///   file remains.
    @discardableResult
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(ChopIOError) -> JobSummary {
        try runTransform(
            input: input, output: output, transform: try transform(), outputStorage: outputStorage,
            chunkElements: chunkElements, progress: progress)
    }

    /// The transform of the rounder's family.
    private func transform() throws(ChopIOError) -> any ChunkTransform {
        guard firstIndex >= 0 else { throw .usage("the first index \(firstIndex) is negative") }
        return switch rounder {
        case let float as FloatRounder: FloatTransform(rounder: float, job: self)
        case let posit as PositRounder: PositTransform(rounder: posit, job: self)
        case let integer as IntegerQuantizer: IntegerTransform(quantizer: integer, job: self)
        case let block as BlockRounder: BlockTransform(rounder: block, job: self)
        default: throw .usage("files cannot be rounded with a \(type(of: rounder)) (\(rounder.format.name))")
        }
    }
}
