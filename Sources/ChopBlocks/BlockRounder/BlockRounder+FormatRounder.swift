import ChopFormats

extension BlockRounder: FormatRounder {
    /// A scale per block: the blocks must be read whole.
    public var scope: RoundingScope { .group }

    /// Quantizes and dequantizes in place (``BlockQuantizer/quantizeDequantize(_:into:shape:axis:seed:tensorAmax:firstIndex:threads:)``;
    /// tiles through ``quantize(_:shape:seed:)``).
    public func round(
        _ values: UnsafeMutableBufferPointer<Double>, shape: [Int], seed: UInt64, firstIndex: Int, threads: Int
    ) throws(BlockError) {
        guard tile == nil else {
            let result = try quantize(Array(values), shape: shape, seed: seed, firstIndex: firstIndex)
            _ = values.update(fromContentsOf: result.values)
            return
        }
        try quantizer.quantizeDequantize(
            UnsafeBufferPointer(values), into: values, shape: shape, axis: axis, seed: seed, tensorAmax: tensorAmax,
            firstIndex: firstIndex, threads: threads)
    }

    /// A piece of a larger array, rounded as the whole would round it when the piece holds
    /// whole blocks: along the blocks' axis (both tile axes for tiles) it starts at a multiple
    /// of the block size and ends at one or at the array's end. A format with a tensor scale
    /// needs ``tensorAmax`` (the whole's). In stochastic modes blocks must run along the last
    /// axis: each line of the piece draws its whole-array words.
    ///
    /// - Throws: ``BlockError/invalidParameters(_:)`` for a piece that cuts blocks, NVFP4
    ///   without a tensor amax, or stochastic blocks along another axis; as
    ///   ``round(_:shape:seed:firstIndex:threads:)``.
    public func round(
        _ values: UnsafeMutableBufferPointer<Double>, piece: ArrayPiece, seed: UInt64, firstIndex: Int, threads: Int
    ) throws(BlockError) {
        guard !piece.isWhole else { return try round(values, shape: piece.shape, seed: seed, firstIndex: firstIndex, threads: threads) }
        let name = format.name
        let where_ = "a piece of shape \(piece.shape) at \(piece.origin) of \(piece.wholeShape)"
        if format.hasTensorScale && tensorAmax == nil {
            throw .invalidParameters("\(name) scales by the whole tensor's amax: give it (the tensor amax) to round \(where_)")
        }
        let rank = piece.shape.count
        let spans: [(axis: Int, size: Int)]
        if let tile {
            guard rank >= 2 else { throw .invalidShape(shape: piece.shape, count: values.count) }
            spans = [(rank - 2, tile.rows), (rank - 1, tile.columns)]
        } else {
            let resolved = axis < 0 ? rank + axis : axis
            guard (0..<rank).contains(resolved) else { throw .invalidAxis(axis: axis, dimensions: rank) }
            spans = [(resolved, format.blockSize)]
        }
        for (axis, size) in spans {
            let (start, count, whole) = (piece.origin[axis], piece.shape[axis], piece.wholeShape[axis])
            guard start % size == 0, count % size == 0 || start + count == whole else {
                throw .invalidParameters("\(where_) cuts \(name)'s blocks of \(size) along axis \(axis): start and end it at multiples of \(size) or at the array's end")
            }
        }
        guard mode.isStochastic else { return try round(values, shape: piece.shape, seed: seed, firstIndex: firstIndex, threads: threads) }
        guard tile == nil, spans[0].axis == rank - 1 else {
            throw .invalidParameters("stochastic \(name) rounds a piece only with blocks along its last axis; \(where_) has them along axis \(spans[0].axis)")
        }
        guard piece.count == values.count else { throw .invalidShape(shape: piece.shape, count: values.count) }
        let lineRounder = try BlockRounder(format: format, mode: mode, tensorAmax: tensorAmax)
        for line in piece.lines {
            try lineRounder.round(
                UnsafeMutableBufferPointer(rebasing: values[line.start..<line.start + line.count]), shape: [line.count],
                seed: seed, firstIndex: firstIndex + line.wholeIndex, threads: threads)
        }
    }

    /// One scale per block (per tile with ``tile``, ragged edge tiles included).
    public func scaleCount(shape: [Int]) throws(BlockError) -> Int {
        let count = try BlockLayout.count(of: shape)
        guard let tile else { return try BlockLayout(shape: shape, count: count, axis: axis, blockSize: format.blockSize).blockCount }
        guard shape.count >= 2 else { throw .invalidShape(shape: shape, count: count) }
        let (rows, columns) = (shape[shape.count - 2], shape[shape.count - 1])
        let leading = shape.dropLast(2).reduce(1, *)
        return leading * ((rows + tile.rows - 1) / tile.rows) * ((columns + tile.columns - 1) / tile.columns)
    }

    /// Element codes, block scales with their codes, and the tensor scale.
    public func encode(_ values: [Double], shape: [Int], seed: UInt64, firstIndex: Int) throws(BlockError) -> EncodedArray {
        let quantized = try quantize(values, shape: shape, seed: seed, firstIndex: firstIndex)
        return EncodedArray(
            shape: shape, codes: quantized.elementCodes.map(UInt64.init), scales: quantized.scales,
            scaleCodes: quantized.scaleCodes.map(UInt64.init), tensorScale: quantized.tensorScale.map(Double.init))
    }

    /// The values of element codes and scale codes.
    ///
    /// - Throws: as ``BlockQuantized/init(format:shape:axis:tile:elementCodes:scaleCodes:tensorScale:)``.
    public func decode(_ encoded: EncodedArray) throws(BlockError) -> [Double] {
        guard encoded.codes.allSatisfy({ $0 <= UInt8.max }), encoded.scaleCodes.allSatisfy({ $0 <= UInt32.max }) else {
            throw .invalidParameters("a code wider than its format")
        }
        let quantized = try BlockQuantized(
            format: format, shape: encoded.shape, axis: axis, tile: tile, elementCodes: encoded.codes.map { UInt8($0) },
            scaleCodes: encoded.scaleCodes.map { UInt32($0) }, tensorScale: encoded.tensorScale.map { Float($0) })
        return quantized.values
    }
}
