import ChopFormats
import ChopBlocks

/// How a block job sees an array file: its logical shape and block axis (or tiles), and the
/// row-major array its bytes form, which is what the quantizer works on.
///
/// A Fortran-ordered array of shape `(s0, …, sn-1)` is, in memory, the row-major array of
/// shape `(sn-1, …, s0)`: its axis `k` becomes `n-1-k` and a tile's sides swap. Scale codes
/// come out in memory order; files hold them in the logical row-major order of
/// ``logicalScaleShape``, so this layout converts between the two.
struct BlockArrayLayout {
    let logicalShape: [Int]
    let isFortranOrder: Bool
    /// The block axis in the logical shape (non-negative); unused with tiles.
    let axis: Int
    let tile: (rows: Int, columns: Int)?
    let blockSize: Int

    /// - Throws: usage errors for an axis outside the array, or tiles on an array of fewer than
    ///   two dimensions (or a Fortran-ordered one of more than two, whose tiles would cover
    ///   other dimensions).
    init(shape: [Int], isFortranOrder: Bool, axis: Int, tile: (rows: Int, columns: Int)?, blockSize: Int)
        throws(ChopIOError)
    {
        logicalShape = shape.isEmpty ? [1] : shape  // a 0-d array is one element
        self.isFortranOrder = isFortranOrder && logicalShape.count > 1
        self.tile = tile
        self.blockSize = blockSize
        let dimensions = logicalShape.count
        if tile != nil {
            guard dimensions >= 2 else {
                throw .usage(.tilesNeedTwoDimensions(shape: shape))
            }
            guard !self.isFortranOrder || dimensions == 2 else {
                throw .usage(.tilesOnFortranOrder(dimensions: dimensions))
            }
            self.axis = dimensions - 1
        } else {
            let resolved = axis < 0 ? dimensions + axis : axis
            guard (0..<dimensions).contains(resolved) else {
                throw .usage(.axisOutside(axis: axis, shape: logicalShape))
            }
            self.axis = resolved
        }
    }

    /// The row-major shape of the bytes.
    var memoryShape: [Int] { isFortranOrder ? logicalShape.reversed() : logicalShape }
    var memoryAxis: Int { isFortranOrder ? logicalShape.count - 1 - axis : axis }
    var memoryTile: (rows: Int, columns: Int)? {
        guard let tile else { return nil }
        return isFortranOrder ? (tile.columns, tile.rows) : tile
    }

    /// The shape of the scale codes in files: the logical shape without the block axis, then
    /// the blocks along it; for tiles, the leading dimensions, tile rows, tile columns.
    var logicalScaleShape: [Int] {
        if let tile {
            let (rows, columns) = (logicalShape[logicalShape.count - 2], logicalShape[logicalShape.count - 1])
            return logicalShape.dropLast(2) + [Self.blocks(rows, tile.rows), Self.blocks(columns, tile.columns)]
        }
        var others = logicalShape
        let extent = others.remove(at: axis)
        return others + [Self.blocks(extent, blockSize)]
    }

    static func blocks(_ extent: Int, _ size: Int) -> Int { (extent + size - 1) / size }

    /// For each dimension of ``logicalScaleShape``, the distance between neighbours in
    /// memory order.
    private var memoryStrides: [Int] {
        let shape = logicalScaleShape
        guard isFortranOrder else {
            return shape.indices.map { shape[($0 + 1)...].reduce(1, *) }
        }
        if tile != nil { return [1, shape[0]] }  // memory holds [tile columns, tile rows]
        // Memory: blocks fastest, then the other dimensions first to last.
        let blocks = shape.last!
        var strides = [Int](repeating: 0, count: shape.count)
        strides[shape.count - 1] = 1
        var stride = blocks
        for dimension in 0..<(shape.count - 1) {
            strides[dimension] = stride
            stride *= shape[dimension]
        }
        return strides
    }

    /// Each logical (row-major) position's index in memory order.
    private var memoryIndices: [Int] {
        stridedOffsets(shape: logicalScaleShape, strides: memoryStrides)
    }

    /// Scale codes in memory order, rearranged into the logical order of files.
    func logicalOrder<Code>(_ memoryCodes: [Code]) -> [Code] {
        isFortranOrder ? memoryIndices.map { memoryCodes[$0] } : memoryCodes
    }

    /// Scale codes in the logical order of files, rearranged into memory order.
    func memoryOrder<Code>(_ logicalCodes: [Code]) -> [Code] {
        guard isFortranOrder, let first = logicalCodes.first else { return logicalCodes }
        var codes = [Code](repeating: first, count: logicalCodes.count)
        for (logical, memory) in memoryIndices.enumerated() { codes[memory] = logicalCodes[logical] }
        return codes
    }
}
