import ChopBlocks
import ChopFormats

/// Quantizes a whole array with an `IntegerQuantizer` per tensor, channel or block (groups
/// along the array's logical axes, whatever its memory order), writing the dequantized values
/// `q·s` (binary64 products, checked against a narrower output type) or the codes, with the
/// scales and zero points beside them (see ``IntegerSidecars``).
struct IntegerTransform: ChunkTransform {
    let original: IntegerQuantizer
    let job: RoundingJob
    private(set) var statistics: RoundingStatistics?
    private var quantizer: IntegerQuantizer?
    private var memory: BlockArrayLayout?
    private var outputPath: String?
    private var quantized: IntegerQuantized?

    init(quantizer: IntegerQuantizer, job: RoundingJob) {
        original = quantizer
        self.job = job
    }

    var readsCodes: Bool { false }
    var writesCodes: Bool { job.writesCodes }
    var codeBitWidth: Int { original.format.bitWidth }
    var needsWholeArray: Bool { true }
    var valueCheck: ValueCheck { .eachValue(original.format.description) }
    func isBoundary(_ value: Double) -> Bool { false }
    func complete(_ summary: inout JobSummary) { summary.statistics = statistics }

    /// Maps the granularity's axis onto the row-major array the bytes form.
    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget) throws(ChopIOError) {
        (quantizer, memory) = try Self.memoryQuantizer(original, shape: shape, isFortranOrder: isFortranOrder)
        if writesCodes {
            guard case .file(let path, _) = output else {
                throw .usage(.scalesNeedOutputFile(format: original.format.name))
            }
            outputPath = path
        }
    }

    mutating func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        let result: IntegerQuantized
        do {
            result = try quantizer!.quantize(chunk.values, shape: memory!.memoryShape, seed: job.seed, firstIndex: job.firstIndex, threads: job.threads)
        } catch {
            throw .usage(error.description)
        }
        let range = original.format.codeRange
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
                throw .badData("element \(nan)", "NaN has no \(original.format) code")
            }
            let mask = UInt64.max >> UInt64(64 - original.format.bitWidth)
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
        let shape = Self.sidecarShape(original.granularity, memory: memory)
        var (scales, zeroPoints) = (quantized.scales, quantized.zeroPoints)
        if case .block = original.granularity {
            (scales, zeroPoints) = (memory.logicalOrder(scales), memory.logicalOrder(zeroPoints))
        }
        switch original.format {
        case .fixed: return []
        case .symmetric: return try IntegerSidecars.write(scales: scales, zeroPoints: nil, shape: shape, beside: outputPath)
        case .asymmetric: return try IntegerSidecars.write(scales: scales, zeroPoints: zeroPoints, shape: shape, beside: outputPath)
        }
    }
}
