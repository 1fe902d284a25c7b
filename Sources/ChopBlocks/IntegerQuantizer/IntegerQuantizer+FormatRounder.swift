import ChopFormats

extension IntegerQuantizer: FormatRounder {
    /// A scale (and zero point) per group of the ``granularity``; fixed point has none, but
    /// rounds through the same path.
    public var scope: RoundingScope { .group }

    /// Quantizes and dequantizes in place (see ``quantize(_:shape:seed:firstIndex:threads:)``).
    public func round(
        _ values: UnsafeMutableBufferPointer<Double>, shape: [Int], seed: UInt64, firstIndex: Int, threads: Int
    ) throws(BlockError) {
        let quantized = try quantize(Array(values), shape: shape, seed: seed, firstIndex: firstIndex, threads: threads)
        _ = values.update(fromContentsOf: quantized.values)
    }

    /// A piece of a larger array: fixed point rounds each element alone, line by line with
    /// each line's whole-array words; a format with scales only rounds the whole array.
    ///
    /// - Throws: ``BlockError/invalidParameters(_:)`` for a piece of a scaled format that is
    ///   not the whole array (its scales would be the piece's, not the array's).
    public func round(
        _ values: UnsafeMutableBufferPointer<Double>, piece: ArrayPiece, seed: UInt64, firstIndex: Int, threads: Int
    ) throws(BlockError) {
        guard !piece.isWhole else { return try round(values, shape: piece.shape, seed: seed, firstIndex: firstIndex, threads: threads) }
        guard case .fixed = format else {
            throw .invalidParameters("\(format.name) takes its scales from the whole array: a piece of it (shape \(piece.shape) at \(piece.origin) of \(piece.wholeShape)) cannot be rounded alone")
        }
        guard piece.count == values.count else { throw .invalidShape(shape: piece.shape, count: values.count) }
        for run in piece.runs {
            try round(
                UnsafeMutableBufferPointer(rebasing: values[run.start..<run.start + run.count]), shape: [run.count], seed: seed,
                firstIndex: firstIndex + run.wholeIndex, threads: threads)
        }
    }

    /// One scale per tensor, channel or block of the ``granularity``.
    public func scaleCount(shape: [Int]) throws(BlockError) -> Int {
        let count = try BlockLayout.count(of: shape)
        switch granularity {
        case .tensor: return 1
        case .channel(let axis): return try BlockLayout(shape: shape, count: count, axis: axis, blockSize: 1).extent
        case .block(let size, let axis):
            guard size >= 1 else { throw .invalidParameters("block size \(size); it must be at least 1") }
            return try BlockLayout(shape: shape, count: count, axis: axis, blockSize: size).blockCount
        }
    }

    /// The codes as `bitWidth`-bit patterns (two's complement for `int` and `fixed`), with
    /// each group's scale and zero point.
    ///
    /// - Throws: ``BlockError/notRepresentable(index:value:format:)`` for a NaN element (no
    ///   integer code means NaN), and as ``quantize(_:shape:seed:firstIndex:threads:)``.
    public func encode(_ values: [Double], shape: [Int], seed: UInt64, firstIndex: Int) throws(BlockError) -> EncodedArray {
        if let bad = values.firstIndex(where: \.isNaN) {
            throw .notRepresentable(index: bad, value: values[bad], format: format.name)
        }
        let quantized = try quantize(values, shape: shape, seed: seed, firstIndex: firstIndex)
        let mask = UInt64.max >> UInt64(64 - format.bitWidth)
        return EncodedArray(
            shape: shape, codes: quantized.codes.map { UInt64(bitPattern: $0) & mask }, scales: quantized.scales,
            zeroPoints: quantized.zeroPoints)
    }

    /// The values `(q - zp)·s` of the codes, each in its group.
    ///
    /// - Throws: ``BlockError/invalidParameters(_:)`` for a number of scales or zero points
    ///   other than the groups', and as ``quantize(_:shape:seed:firstIndex:threads:)`` for the shape.
    public func decode(_ encoded: EncodedArray) throws(BlockError) -> [Double] {
        let groups = try groupIndices(shape: encoded.shape, count: encoded.codes.count)
        guard encoded.scales.count == groups.count, encoded.zeroPoints.count == groups.count else {
            throw .invalidParameters(
                "\(encoded.scales.count) scales and \(encoded.zeroPoints.count) zero points for \(groups.count) groups")
        }
        let signShift = UInt64(64 - format.bitWidth)
        let isSigned = format.codeRange.lowerBound < 0
        var values = [Double](repeating: 0, count: encoded.codes.count)
        for (group, members) in groups.enumerated() {
            let (scale, zeroPoint) = (encoded.scales[group], encoded.zeroPoints[group])
            for index in members {
                let bits = encoded.codes[index] << signShift
                let code = isSigned ? Int64(bitPattern: bits) >> Int64(signShift) : Int64(bitPattern: bits >> signShift)
                values[index] = scale > 0 ? Double(code - zeroPoint) * scale : 0
            }
        }
        return values
    }
}
