import ChopBlocks
import ChopFormats

/// Decodes block element codes with the scale codes (and tensor scale) read from their files
/// (see ``DecodeJob``).
struct BlockDecodingTransform: ChunkTransform {
    let rounder: BlockRounder
    let job: DecodeJob
    private var layout: BlockArrayLayout?

    init(rounder: BlockRounder, job: DecodeJob) {
        self.rounder = rounder
        self.job = job
    }

    var format: BlockFormat { rounder.format }
    var readsCodes: Bool { true }
    var writesCodes: Bool { false }
    var codeBitWidth: Int { format.element.bitWidth }
    var valueCheck: ValueCheck { .eachValue(format.name) }
    var needsWholeArray: Bool { true }
    func isBoundary(_ value: Double) -> Bool { false }

    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget) throws(ChopIOError) {
        layout = try BlockArrayLayout(
            shape: shape, isFortranOrder: isFortranOrder, axis: rounder.axis, tile: rounder.tile, blockSize: format.blockSize)
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
