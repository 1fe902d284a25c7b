import ChopBlocks
import ChopFormats

/// Quantizes an array file to a block format (MX, NVFP4, any ``BlockFormat``) along an axis
/// or in two-dimensional tiles, writing the dequantized values (same shape, order and type
/// as the input) or the element codes.
///
/// Inputs and outputs are those of ``RoundingJob``. The whole array is read into memory (a
/// block may run along any axis; NVFP4's tensor amax needs every element). Element `i` in
/// file order draws stochastic word `i` of the seed's stream. Decimal text is read through
/// its nearest double.
///
/// With codes, the output holds one element code per element (`.npy` of uint8 with the
/// input's shape and order, `.u8`, or hex text) and two files go beside it, named after it
/// without its extension: `NAME.scales.npy` (scale codes: E8M0 and E4M3/E5M3 bytes without
/// the sign, binary32 bits as uint32; shape: the input's without the block axis, then the
/// blocks along it; for tiles: the leading dimensions, tile rows, tile columns) and, for a
/// two-level format, `NAME.tensor-scale.npy` (a 0-d float32). All are committed together.
public struct BlockRoundingJob: Sendable {
    public var input: String
    public var output: String?
    public var quantizer: BlockQuantizer
    /// The block axis (negative: from the end); ignored with `tile`.
    public var axis: Int
    /// Two-dimensional blocks over the last two dimensions instead of blocks along `axis`.
    public var tile: (rows: Int, columns: Int)?
    /// NVFP4's tensor amax (nil: the data's largest finite magnitude).
    public var tensorAmax: Double?
    public var seed: UInt64
    public var threads: Int
    public var writesCodes: Bool
    public var collectsStatistics: Bool
    /// The floating-point type of `.npy` values (nil: the input's).
    public var outputStorage: ElementStorage?

    public init(
        input: String, output: String?, quantizer: BlockQuantizer, axis: Int = -1, tile: (rows: Int, columns: Int)? = nil,
        tensorAmax: Double? = nil, seed: UInt64 = 0, threads: Int = Parallelism.automatic, writesCodes: Bool = false,
        collectsStatistics: Bool = false, outputStorage: ElementStorage? = nil
    ) {
        self.input = input
        self.output = output
        self.quantizer = quantizer
        self.axis = axis
        self.tile = tile
        self.tensorAmax = tensorAmax
        self.seed = seed
        self.threads = threads
        self.writesCodes = writesCodes
        self.collectsStatistics = collectsStatistics
        self.outputStorage = outputStorage
    }

    /// What the job did: the element count and shape, the statistics (when asked), and the
    /// tensor scale of a two-level format.
    public struct Summary: Sendable {
        public var count: Int
        public var shape: [Int]
        public var statistics: BlockStatistics?
        public var tensorScale: Float?
    }

    /// Runs the job.
    ///
    /// - Throws: ``ChopIOError``: usage (an axis outside the array, tiles on a 1-d array, a
    ///   tensor amax that is not finite, codes without an output file, values that the output
    ///   type cannot hold exactly), bad data, I/O. On any error no output is left behind.
    @discardableResult
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(ChopIOError) -> Summary {
        let (summary, finished) = try runTransform(
            input: input, output: output, transform: BlockTransform(job: self), valueCheck: .eachValue(quantizer.format.name), outputStorage: outputStorage,
            chunkElements: 1, progress: progress)
        return Summary(
            count: summary.count, shape: summary.shape, statistics: finished.statistics, tensorScale: finished.tensorScale)
    }
}

/// Turns block element codes and their scales back into values: the inverse of
/// ``BlockRoundingJob`` with codes. The scales (and the tensor scale) are read from beside
/// the input unless given.
public struct BlockDecodeJob: Sendable {
    public var input: String
    public var output: String?
    public var format: BlockFormat
    public var axis: Int
    public var tile: (rows: Int, columns: Int)?
    public var scales: String?
    public var tensorScale: String?

    public init(
        input: String, output: String?, format: BlockFormat, axis: Int = -1, tile: (rows: Int, columns: Int)? = nil,
        scales: String? = nil, tensorScale: String? = nil
    ) {
        self.input = input
        self.output = output
        self.format = format
        self.axis = axis
        self.tile = tile
        self.scales = scales
        self.tensorScale = tensorScale
    }

    /// Runs the job.
    ///
    /// - Throws: ``ChopIOError``: bad data for missing or mis-shaped scales, codes outside
    ///   the element format, a bad tensor scale; usage and I/O as for ``DecodeJob``.
    @discardableResult
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(ChopIOError) -> JobSummary {
        return try runTransform(
            input: input, output: output, transform: BlockDecodingTransform(job: self), valueCheck: .eachValue(format.name), chunkElements: 1, progress: progress
        ).0
    }
}
