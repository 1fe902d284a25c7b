import ChopBlocks
import ChopFormats

/// Quantizes an array file to an integer or fixed-point format (`int<N>`, `uint<N>`,
/// `fixed<I>.<F>`) per tensor, per channel along an axis, or per block along an axis,
/// writing the dequantized values `q·s` (binary64 products, so a narrower output type than
/// float64 holds them only when they happen to fit, and is otherwise refused) or the codes.
/// The whole array is read into memory; Fortran-ordered arrays are grouped along their
/// logical axes; element `i` in file order draws stochastic word `i`.
///
/// With codes, the output holds each element's `N`-bit code (two's complement for `int` and
/// `fixed`: `.npy` of the smallest unsigned type, `.u8`…, or hex text) and the scales (and
/// zero points) go beside it (see ``IntegerSidecars``); all are committed together.
public struct IntegerRoundingJob: Sendable {
    public var input: String
    public var output: String?
    public var quantizer: IntegerQuantizer
    public var seed: UInt64
    public var writesCodes: Bool
    /// Gather ``RoundingStatistics``: values beyond a group's range count as overflowed (and
    /// saturated), nonzero values quantized to 0 as flushed to zero.
    public var collectsStatistics: Bool
    /// The floating-point type of `.npy` values (nil: the input's).
    public var outputStorage: ElementStorage?

    public init(
        input: String, output: String?, quantizer: IntegerQuantizer, seed: UInt64 = 0, writesCodes: Bool = false,
        collectsStatistics: Bool = false, outputStorage: ElementStorage? = nil
    ) {
        self.input = input
        self.output = output
        self.quantizer = quantizer
        self.seed = seed
        self.writesCodes = writesCodes
        self.collectsStatistics = collectsStatistics
        self.outputStorage = outputStorage
    }

    /// Runs the job.
    ///
    /// - Throws: ``ChopIOError``: usage for an axis outside the array, codes without an
    ///   output file, or values the output type cannot hold exactly; bad data for a NaN to
    ///   encode, and as ``RoundingJob``; I/O. On any error no output is left behind.
    @discardableResult
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(ChopIOError) -> JobSummary {
        var (summary, finished) = try runTransform(
            input: input, output: output, transform: IntegerTransform(job: self), valueCheck: .eachValue(quantizer.format.description),
            outputStorage: outputStorage, chunkElements: 1, progress: progress)
        summary.statistics = finished.statistics
        return summary
    }
}

/// Quantizes a whole array with an ``IntegerQuantizer`` (see ``IntegerRoundingJob``).
struct IntegerTransform: ChunkTransform {
    let job: IntegerRoundingJob
    private(set) var statistics: RoundingStatistics?
    private var quantizer: IntegerQuantizer?
    private var memory: BlockArrayLayout?
    private var outputPath: String?
    private var quantized: IntegerQuantized?

    init(job: IntegerRoundingJob) { self.job = job }

    var readsCodes: Bool { false }
    var writesCodes: Bool { job.writesCodes }
    var codeBitWidth: Int { job.quantizer.format.bitWidth }
    var needsWholeArray: Bool { true }
    func isBoundary(_ value: Double) -> Bool { false }

    /// Maps the granularity's axis onto the row-major array the bytes form.
    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget) throws(ChopIOError) {
        (quantizer, memory) = try Self.memoryQuantizer(job.quantizer, shape: shape, isFortranOrder: isFortranOrder)
        if writesCodes {
            guard case .file(let path, _) = output else {
                throw .usage("codes of an integer format come with their scales, written beside the output: name an output file")
            }
            outputPath = path
        }
    }

    mutating func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        let result: IntegerQuantized
        do {
            result = try quantizer!.quantize(chunk.values, shape: memory!.memoryShape, seed: job.seed)
        } catch {
            throw .usage(error.description)
        }
        let range = job.quantizer.format.codeRange
        if job.collectsStatistics {
            var statistics = RoundingStatistics()
            chunk.values.withUnsafeBufferPointer { inputs in
                result.values.withUnsafeBufferPointer { outputs in
                    statistics.add(inputs: inputs, outputs: outputs) { i in
                        let (x, y, code) = (inputs[i], outputs[i], result.codes[i])
                        return x.isFinite && ((code == range.upperBound && x > y) || (code == range.lowerBound && x < y))
                    }
                }
            }
            self.statistics = statistics
        }
        if writesCodes {
            if let nan = chunk.values.firstIndex(where: \.isNaN) {
                throw .badData("element \(nan)", "NaN has no \(job.quantizer.format) code")
            }
            let mask = UInt64.max >> UInt64(64 - job.quantizer.format.bitWidth)
            chunk.codes = result.codes.map { UInt64(bitPattern: $0) & mask }
        }
        chunk.values = result.values
        quantized = result
    }

    /// The quantizer of `original`'s format and groups over the row-major array the bytes of
    /// `shape` form, and that array's layout.
    static func memoryQuantizer(
        _ original: IntegerQuantizer, shape: [Int], isFortranOrder: Bool
    ) throws(ChopIOError) -> (IntegerQuantizer, BlockArrayLayout) {
        func layout(axis: Int, size: Int) throws(ChopIOError) -> BlockArrayLayout {
            try BlockArrayLayout(shape: shape, isFortranOrder: isFortranOrder, axis: axis, tile: nil, blockSize: size)
        }
        let granularity: Granularity
        let memory: BlockArrayLayout
        switch original.granularity {
        case .tensor:
            memory = try layout(axis: -1, size: 1)
            granularity = .tensor
        case .channel(let axis):
            memory = try layout(axis: axis, size: 1)
            granularity = .channel(axis: memory.memoryAxis)
        case .block(let size, let axis):
            memory = try layout(axis: axis, size: size)
            granularity = .block(size: size, axis: memory.memoryAxis)
        }
        return (try! IntegerQuantizer(format: original.format, granularity: granularity, mode: original.mode), memory)
    }

    /// The shape of the scales and zero points: 0-d per tensor, one per channel, or the
    /// logical scale shape of the blocks.
    static func sidecarShape(_ granularity: Granularity, memory: BlockArrayLayout) -> [Int] {
        switch granularity {
        case .tensor: []
        case .channel(let axis): [memory.logicalShape[axis < 0 ? axis + memory.logicalShape.count : axis]]
        case .block: memory.logicalScaleShape
        }
    }

    /// The scales (and zero points) beside the codes; none for fixed point.
    mutating func sidecars() throws(ChopIOError) -> [AtomicOutput] {
        guard writesCodes, let outputPath, let memory, let quantized else { return [] }
        let shape = Self.sidecarShape(job.quantizer.granularity, memory: memory)
        var (scales, zeroPoints) = (quantized.scales, quantized.zeroPoints)
        if case .block = job.quantizer.granularity {
            (scales, zeroPoints) = (memory.logicalOrder(scales), memory.logicalOrder(zeroPoints))
        }
        switch job.quantizer.format {
        case .fixed: return []
        case .symmetric: return try IntegerSidecars.write(scales: scales, zeroPoints: nil, shape: shape, beside: outputPath)
        case .asymmetric: return try IntegerSidecars.write(scales: scales, zeroPoints: zeroPoints, shape: shape, beside: outputPath)
        }
    }
}
