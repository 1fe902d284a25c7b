/// Where the blocks of an N-dimensional row-major array lie along one axis: `outer` lines
/// before the axis times `inner` lines after it, each `extent` long with elements `inner`
/// apart, cut into blocks of `blockSize` (the last one of a line may be short).
struct BlockLayout: Sendable, Equatable {
    /// The axis the blocks run along (non-negative).
    let axis: Int
    let outer: Int
    let extent: Int
    let inner: Int
    let blockSize: Int

    /// - Throws: ``BlockError/invalidShape(shape:count:)`` or ``BlockError/invalidAxis(axis:dimensions:)``;
    ///   a negative axis counts from the end (-1 is the last).
    init(shape: [Int], count: Int, axis: Int, blockSize: Int) throws(BlockError) {
        try Self.check(shape: shape, count: count)
        let resolved = axis < 0 ? shape.count + axis : axis
        guard (0..<shape.count).contains(resolved) else { throw .invalidAxis(axis: axis, dimensions: shape.count) }
        self.axis = resolved
        outer = shape[..<resolved].reduce(1, *)
        extent = shape[resolved]
        inner = shape[(resolved + 1)...].reduce(1, *)
        self.blockSize = blockSize
    }

    /// The elements of `shape` (at least one dimension, none negative).
    ///
    /// - Throws: ``BlockError/invalidShape(shape:count:)`` for a shape that is not one.
    static func count(of shape: [Int]) throws(BlockError) -> Int {
        guard !shape.isEmpty, shape.allSatisfy({ $0 >= 0 }) else { throw .invalidShape(shape: shape, count: 0) }
        var product = 1
        for extent in shape {
            let (next, overflow) = product.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw .invalidShape(shape: shape, count: 0) }
            product = next
        }
        return product
    }

    /// Checks that `shape` (at least one dimension, none negative) holds `count` values.
    ///
    /// - Throws: ``BlockError/invalidShape(shape:count:)``.
    static func check(shape: [Int], count: Int) throws(BlockError) {
        guard (try? Self.count(of: shape)) == count else { throw .invalidShape(shape: shape, count: count) }
    }

    /// Blocks per line.
    var blocksPerLine: Int { extent == 0 ? 0 : (extent + blockSize - 1) / blockSize }

    /// Blocks in all.
    var blockCount: Int { outer * inner * blocksPerLine }

    /// The flat indices of block `index` (blocks ordered by outer line, inner line, then
    /// position along the axis), as a start, a stride and a length.
    func block(_ index: Int) -> (start: Int, stride: Int, count: Int) {
        let position = index % blocksPerLine
        let line = index / blocksPerLine
        let (o, i) = (line / inner, line % inner)
        let first = position * blockSize
        return (o * extent * inner + first * inner + i, inner, min(blockSize, extent - first))
    }
}
