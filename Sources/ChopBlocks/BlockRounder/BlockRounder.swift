import ChopFormats

/// A block format prepared to round arrays: a ``BlockQuantizer`` with where its blocks lie
/// (along an axis, or two-dimensional tiles over the last two dimensions) and, for formats
/// with a tensor scale, the tensor amax to use.
///
/// ```swift
/// let mxfp4 = try BlockRounder(format: .mxfp4, axis: 0)          // blocks down the columns
/// try mxfp4.round(buffer, shape: [64, 128], seed: 0)            // quantize-dequantize in place
/// let tiles = try BlockRounder(format: .nvfp4, tile: (16, 16))  // 16×16 weight blocks
/// ```
public struct BlockRounder: Sendable {
    public let quantizer: BlockQuantizer
    /// The axis blocks run along (negative: from the end); not used with ``tile``.
    public let axis: Int
    /// Two-dimensional blocks of `rows × columns` over the last two dimensions instead of
    /// blocks along ``axis`` (see ``BlockQuantizer/quantize(_:shape:tile:seed:tensorAmax:firstIndex:)``).
    public let tile: (rows: Int, columns: Int)?
    /// NVFP4's tensor amax; nil: the data's largest finite magnitude.
    public let tensorAmax: Double?

    /// - Throws: as ``BlockQuantizer/init(format:mode:)``; ``BlockError/invalidParameters(_:)``
    ///   for a tile side below 1.
    public init(
        format: BlockFormat, mode: RoundingMode = .toNearestOrEven, axis: Int = -1, tile: (rows: Int, columns: Int)? = nil,
        tensorAmax: Double? = nil
    ) throws(BlockError) {
        if let tile, tile.rows < 1 || tile.columns < 1 {
            throw .invalidParameters("tile \(tile.rows)×\(tile.columns); both sides must be at least 1")
        }
        quantizer = try BlockQuantizer(format: format, mode: mode)
        self.axis = axis
        self.tile = tile
        self.tensorAmax = tensorAmax
    }

    public var format: BlockFormat { quantizer.format }
    public var mode: RoundingMode { quantizer.mode }

    /// The codes, scales and dequantized values of `values`, blocks where the rounder puts
    /// them.
    ///
    /// - Throws: as ``BlockQuantizer/quantize(_:shape:axis:seed:tensorAmax:firstIndex:)``.
    public func quantize(_ values: [Double], shape: [Int], seed: UInt64, firstIndex: Int = 0) throws(BlockError) -> BlockQuantized {
        if let tile {
            return try quantizer.quantize(values, shape: shape, tile: tile, seed: seed, tensorAmax: tensorAmax, firstIndex: firstIndex)
        }
        return try quantizer.quantize(values, shape: shape, axis: axis, seed: seed, tensorAmax: tensorAmax, firstIndex: firstIndex)
    }
}
