import ChopFormats

/// A block format prepared to round arrays: a ``BlockQuantizer`` with the axis its blocks run
/// along and, for formats with a tensor scale, the tensor amax to use.
///
/// ```swift
/// let mxfp4 = try BlockRounder(format: .mxfp4, axis: 0)          // blocks down the columns
/// try mxfp4.round(buffer, shape: [64, 128], seed: 0)            // quantize-dequantize in place
/// ```
public struct BlockRounder: Sendable {
    public let quantizer: BlockQuantizer
    /// The axis blocks run along (negative: from the end).
    public let axis: Int
    /// NVFP4's tensor amax; nil: the data's largest finite magnitude.
    public let tensorAmax: Double?

    /// - Throws: as ``BlockQuantizer/init(format:mode:)``.
    public init(format: BlockFormat, mode: RoundingMode = .toNearestOrEven, axis: Int = -1, tensorAmax: Double? = nil)
        throws(BlockError)
    {
        quantizer = try BlockQuantizer(format: format, mode: mode)
        self.axis = axis
        self.tensorAmax = tensorAmax
    }

    public var format: BlockFormat { quantizer.format }
    public var mode: RoundingMode { quantizer.mode }
}
