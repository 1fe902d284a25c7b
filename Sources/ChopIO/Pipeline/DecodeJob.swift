import ChopBlocks
import ChopFormats

/// Turns codes back into values: the inverse of ``RoundingJob`` with codes, for the same
/// rounder (its mode is not used; its axis, tile or granularity say where the scales go).
///
/// ```swift
/// try DecodeJob(input: "w4.npy", output: "values.npy", rounder: BlockRounder(format: .mxfp4, axis: 0)).run()
/// ```
///
/// Inputs: `.npy` of unsigned integers, `.u8`…`.u64`, or text of decimal or `0x` integers.
/// Outputs as for ``RoundingJob`` (`.npy` values are float64). Integer and block formats read
/// their scales (zero points, tensor scale) from the paths given, or from beside the input
/// under the names ``RoundingJob`` writes them.
public struct DecodeJob: Sendable {
    public var input: String
    public var output: String?
    public var rounder: any FormatRounder
    /// Block formats: the scale codes; integer formats: the scales (nil: beside the input).
    public var scales: String?
    /// Asymmetric integer formats: the zero points (nil: beside the input).
    public var zeroPoints: String?
    /// Formats with a tensor scale: a `.npy` of one float32 (nil: beside the input).
    public var tensorScale: String?
    public var chunkElements: Int

    public init(
        input: String, output: String?, rounder: any FormatRounder, scales: String? = nil, zeroPoints: String? = nil,
        tensorScale: String? = nil, chunkElements: Int = 1 << 20
    ) {
        self.input = input
        self.output = output
        self.rounder = rounder
        self.scales = scales
        self.zeroPoints = zeroPoints
        self.tensorScale = tensorScale
        self.chunkElements = max(1, chunkElements)
    }

    /// Decodes the codes of a float or posit format (posit NaR gives NaN; a `posit64` value
    /// of more than 53 bits is an error naming its element).
    public init(input: String, output: String?, format: some ScalarFormat, chunkElements: Int = 1 << 20) {
        self.init(input: input, output: output, rounder: try! format.rounder(.toNearestOrEven), chunkElements: chunkElements)
    }

    /// Runs the job.
    ///
    /// - Throws: ``ChopIOError``: usage for sidecar paths given to a format without them or an
    ///   axis outside the array; bad data for a code that is not an encoding of the format
    ///   (naming its element), missing or mis-shaped sidecars; I/O.
    @discardableResult
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(ChopIOError) -> JobSummary {
        try runTransform(
            input: input, output: output, transform: try transform(), chunkElements: chunkElements, progress: progress)
    }

    /// The decoding transform of the rounder's family.
    private func transform() throws(ChopIOError) -> any ChunkTransform {
        let format = rounder.format
        func refuseSidecars(_ paths: [String?], _ what: String) throws(ChopIOError) {
            guard paths.allSatisfy({ $0 == nil }) else { throw .usage("\(format.name) has no \(what) to read") }
        }
        switch rounder {
        case let float as FloatRounder:
            try refuseSidecars([scales, zeroPoints, tensorScale], "scales")
            return ScalarDecodingTransform(format: float.format)
        case let posit as PositRounder:
            try refuseSidecars([scales, zeroPoints, tensorScale], "scales")
            return ScalarDecodingTransform(format: posit.format)
        case let integer as IntegerQuantizer:
            try refuseSidecars([tensorScale], "tensor scale")
            if case .fixed = integer.format { try refuseSidecars([scales, zeroPoints], "scales") }
            if case .symmetric = integer.format { try refuseSidecars([zeroPoints], "zero points") }
            return IntegerDecodingTransform(quantizer: integer, job: self)
        case let block as BlockRounder:
            try refuseSidecars([zeroPoints], "zero points")
            if !block.format.hasTensorScale { try refuseSidecars([tensorScale], "tensor scale") }
            return BlockDecodingTransform(rounder: block, job: self)
        default:
            throw .usage("files cannot be decoded with a \(type(of: rounder)) (\(format.name))")
        }
    }
}
