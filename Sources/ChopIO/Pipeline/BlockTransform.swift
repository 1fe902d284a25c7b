import ChopBlocks
import ChopFormats

/// Quantizes a whole array to a block format (see ``BlockRoundingJob``): the dequantized
/// values, or the element codes with the scales written beside the output.
struct BlockTransform: ChunkTransform {
    /// What to do: the quantizer, axis or tile, tensor amax, seed, threads, codes, statistics.
    let job: BlockRoundingJob
    private(set) var statistics: BlockStatistics?
    private(set) var tensorScale: Float?
    private var layout: BlockArrayLayout?
    private var outputPath: String?
    private var quantized: BlockQuantized?

    init(job: BlockRoundingJob) { self.job = job }

    var quantizer: BlockQuantizer { job.quantizer }
    var writesCodes: Bool { job.writesCodes }
    var readsCodes: Bool { false }
    var codeBitWidth: Int { quantizer.format.element.bitWidth }
    var needsWholeArray: Bool { true }
    /// Decimal text is read through its nearest double: a block's scale depends on all of it.
    func isBoundary(_ value: Double) -> Bool { false }

    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget) throws(ChopIOError) {
        layout = try BlockArrayLayout(
            shape: shape, isFortranOrder: isFortranOrder, axis: job.axis, tile: job.tile,
            blockSize: quantizer.format.blockSize)
        if writesCodes {
            guard case .file(let path, _) = output else {
                throw .usage("--codes with a block format writes its scales beside the output file: give -o FILE")
            }
            outputPath = path
        }
    }

    mutating func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        let layout = layout!
        let shape = layout.memoryShape
        do {
            let (seed, tensorAmax) = (job.seed, job.tensorAmax)
            if !writesCodes && !job.collectsStatistics && job.tile == nil {
                if quantizer.format.hasTensorScale {
                    tensorScale = try quantizer.tensorScale(chunk.values, given: tensorAmax)
                }
                chunk.values = try quantizer.quantizeDequantize(
                    chunk.values, shape: shape, axis: layout.memoryAxis, seed: seed, tensorAmax: tensorAmax,
                    threads: job.threads)
            } else {
                let result = if let tile = layout.memoryTile {
                    try quantizer.quantize(chunk.values, shape: shape, tile: tile, seed: seed, tensorAmax: tensorAmax)
                } else {
                    try quantizer.quantize(chunk.values, shape: shape, axis: layout.memoryAxis, seed: seed, tensorAmax: tensorAmax)
                }
                if job.collectsStatistics { statistics = BlockStatistics(input: chunk.values, quantized: result) }
                tensorScale = result.tensorScale
                chunk.values = result.values
                if writesCodes { chunk.codes = result.elementCodes.map(UInt64.init) }
                quantized = result
            }
        } catch {
            throw .usage(error.description)
        }
    }

    mutating func sidecars() throws(ChopIOError) -> [AtomicOutput] {
        guard writesCodes, let outputPath, let layout else { return [] }
        let memoryCodes = quantized?.scaleCodes ?? []
        return try BlockSidecars.write(
            scaleCodes: layout.logicalOrder(memoryCodes), scaleShape: layout.logicalScaleShape,
            scale: quantizer.format.scale, tensorScale: tensorScale, beside: outputPath)
    }
}

/// Decodes element codes and the scales beside them (see ``BlockDecodeJob``).
struct BlockDecodingTransform: ChunkTransform {
    /// What to decode: the format, axis or tile, the input and its scale files.
    let job: BlockDecodeJob
    private var layout: BlockArrayLayout?

    init(job: BlockDecodeJob) { self.job = job }

    var format: BlockFormat { job.format }
    var readsCodes: Bool { true }
    var writesCodes: Bool { false }
    var codeBitWidth: Int { format.element.bitWidth }
    var needsWholeArray: Bool { true }
    func isBoundary(_ value: Double) -> Bool { false }

    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget) throws(ChopIOError) {
        layout = try BlockArrayLayout(
            shape: shape, isFortranOrder: isFortranOrder, axis: job.axis, tile: job.tile, blockSize: format.blockSize)
    }

    mutating func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        let layout = layout!
        let inputPath = job.input
        let scales = job.scales ?? BlockSidecars.scalesPath(beside: inputPath)
        let logicalScales = try BlockSidecars.readScaleCodes(scales, expectedShape: layout.logicalScaleShape)
        var tensorScale: Float?
        if format.hasTensorScale {
            tensorScale = try BlockSidecars.readTensorScale(job.tensorScale ?? BlockSidecars.tensorScalePath(beside: inputPath))
        }
        if let index = chunk.codes.firstIndex(where: { $0 > 0xFF }) {
            throw .badData("\(inputPath): element \(index)", "code \(chunk.codes[index]) is not a \(format.element.bitWidth)-bit code of \(format.name)")
        }
        do {
            let quantized = try BlockQuantized(
                format: format, shape: layout.memoryShape, axis: layout.memoryAxis, tile: layout.memoryTile,
                elementCodes: chunk.codes.map { UInt8($0) }, scaleCodes: layout.memoryOrder(logicalScales),
                tensorScale: tensorScale)
            chunk.values = quantized.values
        } catch {
            throw .badData(inputPath, error.description)
        }
    }
}
