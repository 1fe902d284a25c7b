import ChopFormats

/// The result of ``BlockQuantizer/quantize(_:shape:axis:seed:tensorAmax:)``: the dequantized
/// values and the stored representation (one byte per element code, unpacked; one scale code
/// per block, blocks ordered by the lines before the axis, after it, then along it). Two
/// results are equal when every field is, values compared bit for bit (so NaN blocks match).
public struct BlockQuantized: Sendable, Equatable {
    public let format: BlockFormat
    public let shape: [Int]
    /// The axis the blocks run along (non-negative).
    public let axis: Int
    /// The dequantized values: same shape as the input.
    public internal(set) var values: [Double]
    /// Each element's code in the element format (two's complement for INT8), in the
    /// input's order.
    public internal(set) var elementCodes: [UInt8]
    /// Each block's scale value (NaN for a block with NaN or ∞).
    public internal(set) var scales: [Double]
    /// Each block's scale code: E8M0's byte, E4M3/E5M3 without the sign bit, binary32's bits.
    public internal(set) var scaleCodes: [UInt32]
    /// The binary32 tensor scale of a two-level format (NVFP4), else nil.
    public let tensorScale: Float?
    /// The tile of two-dimensional blocks (``BlockQuantizer/quantize(_:shape:tile:seed:tensorAmax:)``),
    /// nil for blocks along an axis.
    public internal(set) var tiles: (rows: Int, columns: Int)?

    /// A result of `count` elements in `blockCount` blocks, every value and code zero until filled.
    init(format: BlockFormat, shape: [Int], axis: Int, count: Int, blockCount: Int, tensorScale: Float?) {
        self.format = format
        self.shape = shape
        self.axis = axis
        values = [Double](repeating: 0, count: count)
        elementCodes = [UInt8](repeating: 0, count: count)
        scales = [Double](repeating: 0, count: blockCount)
        scaleCodes = [UInt32](repeating: 0, count: blockCount)
        self.tensorScale = tensorScale
    }

    public static func == (a: BlockQuantized, b: BlockQuantized) -> Bool {
        let sameValues = a.values.elementsEqual(b.values, by: { $0.bitPattern == $1.bitPattern })
        let sameTiles = a.tiles?.rows == b.tiles?.rows && a.tiles?.columns == b.tiles?.columns
        return a.format == b.format && a.shape == b.shape && a.axis == b.axis && sameValues && sameTiles
            && a.elementCodes == b.elementCodes && a.scaleCodes == b.scaleCodes && a.tensorScale == b.tensorScale
    }
}

extension BlockQuantized {
    /// The element codes packed as hardware stores them (see ``BitPacking``): 4-bit codes two
    /// to a byte, 6-bit codes four to three bytes, 8-bit codes one to a byte.
    public var packedElements: [UInt8] {
        BitPacking.pack(elementCodes, width: format.element.bitWidth)
    }
}
