import ChopBlocks
import ChopFormats

/// Turns integer codes and their scales (and zero points) back into values: the inverse of
/// ``IntegerRoundingJob`` with codes. The sidecars are read from beside the input unless
/// given (see ``IntegerSidecars``); fixed point needs none.
public struct IntegerDecodeJob: Sendable {
    public var input: String
    public var output: String?
    /// The format and its groups (the mode is not used).
    public var quantizer: IntegerQuantizer
    public var scales: String?
    public var zeroPoints: String?

    public init(input: String, output: String?, quantizer: IntegerQuantizer, scales: String? = nil, zeroPoints: String? = nil) {
        self.input = input
        self.output = output
        self.quantizer = quantizer
        self.scales = scales
        self.zeroPoints = zeroPoints
    }

    /// Runs the job.
    ///
    /// - Throws: ``ChopIOError``: bad data for missing or mis-shaped sidecars or codes wider
    ///   than the format; usage and I/O as for ``DecodeJob``.
    @discardableResult
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(ChopIOError) -> JobSummary {
        try runTransform(
            input: input, output: output, transform: IntegerDecodingTransform(job: self),
            valueCheck: .eachValue(quantizer.format.name), chunkElements: 1, progress: progress
        ).0
    }
}

/// Decodes integer codes with the scales beside them (see ``IntegerDecodeJob``).
struct IntegerDecodingTransform: ChunkTransform {
    let job: IntegerDecodeJob
    private var quantizer: IntegerQuantizer?
    private var memory: BlockArrayLayout?

    init(job: IntegerDecodeJob) { self.job = job }

    var readsCodes: Bool { true }
    var writesCodes: Bool { false }
    var codeBitWidth: Int { job.quantizer.format.bitWidth }
    var needsWholeArray: Bool { true }
    func isBoundary(_ value: Double) -> Bool { false }

    mutating func begin(shape: [Int], isFortranOrder: Bool, output: OutputTarget) throws(ChopIOError) {
        (quantizer, memory) = try IntegerTransform.memoryQuantizer(job.quantizer, shape: shape, isFortranOrder: isFortranOrder)
    }

    mutating func apply(_ chunk: inout ElementChunk, firstIndex: Int) throws(ChopIOError) {
        let (format, memory) = (job.quantizer.format, memory!)
        if let index = chunk.codes.firstIndex(where: { $0 >> UInt64(format.bitWidth) != 0 }) {
            throw .badData("\(job.input): element \(index)", "code \(chunk.codes[index]) is not a \(format.bitWidth)-bit code of \(format)")
        }
        var encoded = EncodedArray(shape: memory.memoryShape, codes: chunk.codes)
        if case .fixed(_, let fractionBits) = format {
            encoded.scales = [Double(sign: .plus, exponent: -fractionBits, significand: 1)]
            encoded.zeroPoints = [0]
        } else {
            let shape = IntegerTransform.sidecarShape(job.quantizer.granularity, memory: memory)
            let scalesPath = job.scales ?? IntegerSidecars.scalesPath(beside: job.input)
            let scales = try BlockSidecars.readArray(scalesPath, codes: false, expectedShape: shape, what: "scales").values
            var zeroPoints = [Int64](repeating: 0, count: scales.count)
            if case .asymmetric = format {
                let path = job.zeroPoints ?? IntegerSidecars.zeroPointsPath(beside: job.input)
                zeroPoints = try BlockSidecars.readArray(path, codes: true, expectedShape: shape, what: "zero points").codes.map { Int64(truncatingIfNeeded: $0) }
            }
            let isBlocked = if case .block = job.quantizer.granularity { true } else { false }
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
