import ChopFormats

/// The result of ``BlockQuantizer/quantize(_:shape:axis:seed:tensorAmax:firstIndex:)``: the dequantized
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
    /// The tile of two-dimensional blocks (``BlockQuantizer/quantize(_:shape:tile:seed:tensorAmax:firstIndex:)``),
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

extension BlockQuantized {
    /// A stored representation read back (from files, from a kernel): element codes in the
    /// input's order and one scale code per block, blocks along `axis` of `shape` (or `tile`s
    /// over its last two dimensions). The values are decoded from the codes.
    ///
    /// - Throws: ``BlockError`` for a shape that does not hold the codes, an axis outside it,
    ///   a wrong number of scale codes, an element or scale code outside its format, or a
    ///   tensor scale that is missing, present when the format has none, NaN or negative.
    public init(
        format: BlockFormat, shape: [Int], axis: Int = -1, tile: (rows: Int, columns: Int)? = nil,
        elementCodes: [UInt8], scaleCodes: [UInt32], tensorScale: Float? = nil
    ) throws(BlockError) {
        let count = elementCodes.count
        let layout = try BlockLayout(shape: shape, count: count, axis: tile == nil ? axis : -1, blockSize: format.blockSize)
        var blockCount = layout.blockCount
        if let tile {
            guard shape.count >= 2, tile.rows >= 1, tile.columns >= 1 else {
                throw .invalidParameters("tile \(tile.rows)×\(tile.columns) on shape \(shape)")
            }
            blockCount = BlockQuantizer.tileIndices(shape: shape, count: count, tile: tile).count
        }
        guard scaleCodes.count == blockCount else {
            throw .invalidParameters("\(scaleCodes.count) scale codes for \(blockCount) blocks of shape \(shape)")
        }
        guard format.hasTensorScale == (tensorScale != nil) else {
            throw .invalidParameters(format.hasTensorScale ? "\(format.name) needs its tensor scale" : "\(format.name) has no tensor scale")
        }
        if let tensorScale, !(tensorScale.isFinite && tensorScale >= 0) {
            throw .invalidParameters("tensor scale \(tensorScale) is not a finite non-negative number")
        }
        let elementLimit = 1 << format.element.bitWidth
        if let bad = elementCodes.firstIndex(where: { Int($0) >= elementLimit }) {
            throw .invalidParameters("element code \(elementCodes[bad]) (element \(bad)) is not a \(format.element.bitWidth)-bit code")
        }
        let scaleLimit: UInt64 = format.scale == .ue4m3 ? 0x80 : 1 << UInt64(format.scale.bitWidth)
        if let bad = scaleCodes.firstIndex(where: { UInt64($0) >= scaleLimit }) {
            throw .invalidParameters("scale code \(scaleCodes[bad]) (block \(bad)) is not a \(format.scale.rawValue) code")
        }
        self.init(
            format: format, shape: shape, axis: layout.axis, count: count, blockCount: blockCount,
            tensorScale: tensorScale)
        tiles = tile
        self.elementCodes = elementCodes
        self.scaleCodes = scaleCodes
        scales = scaleCodes.map { format.scale.value(ofCode: $0) }
        values = try! BlockQuantizer(format: format).dequantize(self)
    }

    /// The shape of the scale codes, in their order: the input's shape without the block
    /// axis, then the blocks along it (for tiles: the leading dimensions, then tile rows and
    /// tile columns).
    public var scaleShape: [Int] {
        if let tiles {
            let (rows, columns) = (shape[shape.count - 2], shape[shape.count - 1])
            return shape.dropLast(2) + [(rows + tiles.rows - 1) / tiles.rows, (columns + tiles.columns - 1) / tiles.columns]
        }
        let extent = shape[axis]
        let blocks = extent == 0 ? 0 : (extent + format.blockSize - 1) / format.blockSize
        return Array(shape[..<axis]) + Array(shape[(axis + 1)...]) + [blocks]
    }
}
