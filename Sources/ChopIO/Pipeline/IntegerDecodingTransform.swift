import ChopBlocks
import ChopFormats

/// Decodes integer codes with their scales and zero points (see ``DecodeJob``).
struct IntegerDecodingTransform: ChunkTransform {
    let original: IntegerQuantizer
    let job: DecodeJob
    private var quantizer: IntegerQuantizer?
    private var memory: BlockArrayLayout?

    init(quantizer: IntegerQuantizer, job: DecodeJob) {
        original = quantizer
        self.job = job
    }

    var readsCodes: Bool { true }
    var writesCodes: Bool { false }
    var codeBitWidth: Int { original.format.bitWidth }
    var needsWholeArray: Bool { true }
    var valueCheck: ValueCheck { .eachValue(original.format.name) }
    func isBoundary(_ value: Double) -> Bool { false }

    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget) throws(ChopIOError) {
        (quantizer, memory) = try IntegerTransform.memoryQuantizer(original, shape: shape, isFortranOrder: isFortranOrder)
    }

    mutating func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        let (format, memory) = (original.format, memory!)
        if let index = chunk.codes.firstIndex(where: { $0 >> UInt64(format.bitWidth) != 0 }) {
            throw .badData("\(job.input): element \(index)", "code \(chunk.codes[index]) is not a \(format.bitWidth)-bit code of \(format)")
        }
        var encoded = EncodedArray(shape: memory.memoryShape, codes: chunk.codes)
        if case .fixed(_, let fractionBits) = format {
            encoded.scales = [Double(sign: .plus, exponent: -fractionBits, significand: 1)]
            encoded.zeroPoints = [0]
        } else {
            let shape = IntegerTransform.sidecarShape(original.granularity, memory: memory)
            let scalesPath = job.scales ?? IntegerSidecars.scalesPath(beside: job.input)
            let scales = try BlockSidecars.readArray(scalesPath, codes: false, expectedShape: shape, what: "scales").values
            var zeroPoints = [Int64](repeating: 0, count: scales.count)
            if case .asymmetric = format {
                let path = job.zeroPoints ?? IntegerSidecars.zeroPointsPath(beside: job.input)
                zeroPoints = try BlockSidecars.readArray(path, codes: true, expectedShape: shape, what: "zero points").codes.map { Int64(truncatingIfNeeded: $0) }
            }
            let isBlocked = if case .block = original.granularity { true } else { false }
            encoded.scales = isBlocked ? memory.memoryOrder(scales) : scales
            encoded.zeroPoints = isBlocked ? memory.memoryOrder(zeroPoints) : zeroPoints
        }
        do {
            chunk.values = try quantizer!.decode(encoded)
        } catch {
            throw .badData(job.input, error.description)
        }
    }
}
