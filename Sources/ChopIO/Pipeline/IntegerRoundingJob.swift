import ChopBlocks
import ChopFormats

/// Quantizes an array file to an integer or fixed-point format (`int<N>`, `uint<N>`,
/// `fixed<I>.<F>`) per tensor, per channel along an axis, or per block along an axis,
/// writing the dequantized values `q·s` (DESIGN.md §6: binary64 products, so a narrower
/// output type than float64 holds them only when they happen to fit, and is otherwise
/// refused). The whole array is read into memory; Fortran-ordered arrays are grouped along
/// their logical axes; element `i` in file order draws stochastic word `i`.
public struct IntegerRoundingJob: Sendable {
    public var input: String
    public var output: String?
    public var quantizer: IntegerQuantizer
    public var seed: UInt64
    /// The floating-point type of `.npy` values (nil: the input's).
    public var outputStorage: ElementStorage?

    public init(
        input: String, output: String?, quantizer: IntegerQuantizer, seed: UInt64 = 0, outputStorage: ElementStorage? = nil
    ) {
        self.input = input
        self.output = output
        self.quantizer = quantizer
        self.seed = seed
        self.outputStorage = outputStorage
    }

    /// Runs the job.
    ///
    /// - Throws: ``ChopIOError``: usage for an axis outside the array or values the output
    ///   type cannot hold exactly; bad data and I/O as ``RoundingJob``.
    @discardableResult
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(ChopIOError) -> JobSummary {
        try runTransform(
            input: input, output: output, transform: IntegerTransform(job: self), valueCheck: .eachValue(quantizer.format.description),
            outputStorage: outputStorage, chunkElements: 1, progress: progress
        ).0
    }
}

/// Quantizes a whole array with an ``IntegerQuantizer`` (see ``IntegerRoundingJob``).
struct IntegerTransform: ChunkTransform {
    let job: IntegerRoundingJob
    private var quantizer: IntegerQuantizer?
    private var shape: [Int] = []

    init(job: IntegerRoundingJob) { self.job = job }

    var readsCodes: Bool { false }
    var writesCodes: Bool { false }
    var codeBitWidth: Int { job.quantizer.format.bitWidth }
    var needsWholeArray: Bool { true }
    func isBoundary(_ value: Double) -> Bool { false }

    /// Maps the granularity's axis onto the row-major array the bytes form.
    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget) throws(ChopIOError) {
        let original = job.quantizer
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
        self.shape = memory.memoryShape
        quantizer = try! IntegerQuantizer(format: original.format, granularity: granularity, mode: original.mode)
    }

    mutating func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        do {
            chunk.values = try quantizer!.quantize(chunk.values, shape: shape, seed: job.seed).values
        } catch {
            throw .usage(error.description)
        }
    }
}
