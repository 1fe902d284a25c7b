import ChopBlocks
import ChopFormats

/// Quantizes a whole array to a block format along an axis or in tiles (see ``RoundingJob``):
/// the dequantized values, or the element codes with the scales written beside the output
/// (see ``BlockSidecars``). Decimal text is read through its nearest double: a block's scale
/// depends on all of it.
struct BlockTransform: ChunkTransform {
    let rounder: BlockRounder
    let job: RoundingJob
    private(set) var statistics: BlockStatistics?
    private(set) var tensorScale: Float?
    private var layout: BlockArrayLayout?
    private var outputPath: String?
    private var quantized: BlockQuantized?

    init(rounder: BlockRounder, job: RoundingJob) {
        self.rounder = rounder
        self.job = job
    }

    var quantizer: BlockQuantizer { rounder.quantizer }
    var writesCodes: Bool { job.writesCodes }
    var readsCodes: Bool { false }
    var codeBitWidth: Int { quantizer.format.element.bitWidth }
    var valueCheck: ValueCheck { .eachValue(quantizer.format.name) }
    var needsWholeArray: Bool { true }
    func isBoundary(_ value: Double) -> Bool { false }

    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget) throws(ChopIOError) {
        layout = try BlockArrayLayout(
            shape: shape, isFortranOrder: isFortranOrder, axis: rounder.axis, tile: rounder.tile,
            blockSize: quantizer.format.blockSize)
        if writesCodes {
            guard case .file(let path, _) = output else {
                throw .usage(.scalesNeedOutputFile(format: quantizer.format.name))
            }
            outputPath = path
        }
    }

    mutating func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        let layout = layout!
        let shape = layout.memoryShape
        do {
            let (seed, first, tensorAmax) = (job.seed, job.firstIndex, rounder.tensorAmax)
            if !writesCodes && !job.collectsStatistics && layout.memoryTile == nil {
                if quantizer.format.hasTensorScale {
                    tensorScale = try quantizer.tensorScale(chunk.values, given: tensorAmax)
                }
                chunk.values = try quantizer.quantizeDequantize(
                    chunk.values, shape: shape, axis: layout.memoryAxis, seed: seed, tensorAmax: tensorAmax,
                    firstIndex: first, threads: job.threads)
            } else {
                let result = if let tile = layout.memoryTile {
                    try quantizer.quantize(
                        chunk.values, shape: shape, tile: tile, seed: seed, tensorAmax: tensorAmax, firstIndex: first)
                } else {
                    try quantizer.quantize(
                        chunk.values, shape: shape, axis: layout.memoryAxis, seed: seed, tensorAmax: tensorAmax, firstIndex: first)
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

    func complete(_ summary: inout JobSummary) {
        summary.blockStatistics = statistics
        summary.tensorScale = tensorScale
    }
}
