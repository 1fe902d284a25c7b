import ChopFormats

/// Quantizes arrays to a ``BlockFormat`` along an axis: the dequantized values (same shape,
/// every value a scale times an element) and the codes (element codes, block scale codes, the
/// tensor scale) that hardware would store.
///
/// ```swift
/// let quantizer = try BlockQuantizer(format: .mxfp4)
/// let q = try quantizer.quantize(weights, shape: [64, 256])        // blocks along the last axis
/// q.values                                                          // dequantized, same shape
/// quantizer.dequantize(q) == q.values                               // codes round-trip exactly
/// ```
///
/// Edge cases (the Contracts article (Block and integer formats)): a block with NaN or ±∞ decodes to NaN everywhere (its scale
/// code is the scale format's NaN); an all-zero block decodes to zeros (E8M0 scale 2^-127,
/// float scales 0) keeping the input's zero signs for float elements, +0 for INT8; elements
/// saturate at the element maximum. NVFP4's tensor amax is the largest finite magnitude in
/// the data unless given.
public struct BlockQuantizer: Sendable {
    public let format: BlockFormat
    public let mode: RoundingMode
    let elementRounder: FloatRounder
    let scaleRounder: FloatRounder
    /// MXINT8's least integer, or nil for a float element: kept here so that the per-block
    /// loops do not copy the element format to ask.
    let lowestInteger: Double?

    /// Integers of magnitude up to 255 (quantum 1 everywhere): MXINT8's `64·v/X`.
    static let integers = try! FloatFormat(precision: 8, maxExponent: 7, minExponent: 7, name: "int-magnitude8")

    /// Prepares quantization to `format`, rounding elements in `mode` (scales always round to
    /// nearest-even).
    ///
    /// - Throws: ``BlockError/invalidRounding(_:)`` for a stochastic mode with random bits
    ///   outside 1...52.
    public init(format: BlockFormat, mode: RoundingMode = .toNearestOrEven) throws(BlockError) {
        self.format = format
        self.mode = mode
        lowestInteger = Self.lowestInteger(of: format.element)
        do {
            switch format.element {
            case .float(let element):
                elementRounder = try FloatRounder(format: element, mode: mode, overflow: .saturate)
            case .integer8:
                elementRounder = try FloatRounder(format: Self.integers, mode: mode, overflow: .saturate)
            }
            scaleRounder = try FloatRounder(format: format.scale.format, overflow: .saturate)
        } catch {
            throw .invalidRounding(error.description)
        }
    }

    /// Quantizes `values` (row-major, `shape`) in blocks along `axis` (negative: from the end).
    ///
    /// - Parameters:
    ///   - seed: the stochastic stream; element `i` (flat index) uses the random bits of
    ///     index `firstIndex + i` (``RandomStream/word(at:bits:)``), so results do not depend on
    ///     the order of the work, and pieces of whole blocks equal the whole.
    ///   - tensorAmax: NVFP4's tensor amax; nil: the largest finite magnitude of `values`.
    /// - Throws: ``BlockError`` for a shape that does not hold the values, an axis outside it,
    ///   or a tensor amax that is NaN, infinite or negative.
    public func quantize(
        _ values: [Double], shape: [Int], axis: Int = -1, seed: UInt64 = 0, tensorAmax: Double? = nil, firstIndex: Int = 0
    ) throws(BlockError) -> BlockQuantized {
        let layout = try BlockLayout(shape: shape, count: values.count, axis: axis, blockSize: format.blockSize)
        let tensorScale = try format.hasTensorScale ? self.tensorScale(values, given: tensorAmax) : nil
        var result = BlockQuantized(
            format: format, shape: shape, axis: layout.axis, count: values.count, blockCount: layout.blockCount,
            tensorScale: tensorScale)
        let stream = RandomStream(seed: seed)
        for index in 0..<layout.blockCount {
            let (start, stride, count) = layout.block(index)
            quantizeBlock(
                values, indices: (0..<count).lazy.map { start + $0 * stride }, blockIndex: index,
                tensorScale: tensorScale, stream: stream, firstIndex: firstIndex, into: &result)
        }
        return result
    }

    /// Quantizes with two-dimensional blocks: tiles of `tile.rows × tile.columns` over the
    /// last two dimensions (NVFP4 training's 16×16 weight blocks, whose scales serve a matrix
    /// and its transpose alike); ragged tiles at the edges are smaller. Tiles are ordered by
    /// the leading dimensions, then tile row, then tile column. The format's block size is
    /// not used.
    ///
    /// - Throws: ``BlockError`` for fewer than two dimensions, a shape that does not hold the
    ///   values, tiles below 1×1, or a bad tensor amax.
    public func quantize(
        _ values: [Double], shape: [Int], tile: (rows: Int, columns: Int), seed: UInt64 = 0, tensorAmax: Double? = nil,
        firstIndex: Int = 0
    ) throws(BlockError) -> BlockQuantized {
        guard shape.count >= 2 else { throw .invalidShape(shape: shape, count: values.count) }
        guard tile.rows >= 1 && tile.columns >= 1 else {
            throw .invalidParameters("tile \(tile.rows)×\(tile.columns); both sides must be at least 1")
        }
        try BlockLayout.check(shape: shape, count: values.count)
        let tiles = Self.tileIndices(shape: shape, count: values.count, tile: tile)
        let tensorScale = try format.hasTensorScale ? self.tensorScale(values, given: tensorAmax) : nil
        var result = BlockQuantized(
            format: format, shape: shape, axis: shape.count - 1, count: values.count, blockCount: tiles.count,
            tensorScale: tensorScale)
        let stream = RandomStream(seed: seed)
        for (block, indices) in tiles.enumerated() {
            quantizeBlock(
                values, indices: indices, blockIndex: block, tensorScale: tensorScale, stream: stream, firstIndex: firstIndex,
                into: &result)
        }
        result.tiles = tile
        return result
    }

    /// The tensor scale `G = amax / (scale_max · elem_max)` rounded to binary32, amax being
    /// `given` or else the largest finite magnitude of `values`.
    ///
    /// - Throws: ``BlockError/invalidTensorAmax(_:)`` for a given amax that is NaN, infinite
    ///   or negative.
    public func tensorScale(_ values: some Collection<Double>, given: Double?) throws(BlockError) -> Float {
        let amax: Double
        if let given {
            guard given.isFinite && given >= 0 else { throw .invalidTensorAmax(given) }
            amax = given
        } else {
            amax = values.withContiguousStorageIfAvailable(Self.finiteAmax) ?? values.reduce(0, Self.largerFiniteMagnitude)
        }
        return Float(amax / (format.scale.format.greatestFiniteMagnitude * format.element.greatestMagnitude))
    }

    /// One block: its scale, then each element rounded once and multiplied back.
    func quantizeBlock(
        _ values: [Double], indices: some Collection<Int>, blockIndex: Int, tensorScale: Float?,
        stream: RandomStream, firstIndex: Int, into result: inout BlockQuantized
    ) {
        guard let amax = Self.blockAmax(values, indices) else {
            result.scales[blockIndex] = .nan
            result.scaleCodes[blockIndex] = format.scale.nanCode
            for index in indices { result.values[index] = .nan }
            return
        }
        let scale = blockScale(amax: amax, tensorScale: tensorScale)
        result.scales[blockIndex] = scale
        result.scaleCodes[blockIndex] = format.scale.code(of: scale)
        // The divisor: the scale times the tensor scale (exact: a few bits times a binary32).
        let divisor = scale * Double(tensorScale ?? 1)
        for index in indices {
            let v = values[index]
            let word = mode.isStochastic ? stream.word(at: UInt64(firstIndex + index), bits: mode.randomBitsPerElement) : 0
            let (element, code) = quantizeElement(v, divisor: divisor, randomWord: word)
            result.elementCodes[index] = code
            result.values[index] = element * divisor
        }
    }

    /// The largest magnitude of a block's values, or nil when one is NaN or ±∞ (the whole
    /// block is then NaN).
    @inline(__always)
    static func blockAmax<Values: RandomAccessCollection<Double>>(_ values: Values, _ indices: some Sequence<Int>)
        -> Double? where Values.Index == Int
    {
        // On magnitudes' bit patterns the order is the numbers' order, with ∞ and then the NaNs
        // above every finite value: one integer maximum, no early exit, finds both.
        var greatest: UInt64 = 0
        for index in indices {
            let bits = values[index].magnitude.bitPattern
            greatest = bits > greatest ? bits : greatest
        }
        return greatest < Double.infinity.bitPattern ? Double(bitPattern: greatest) : nil
    }

    /// ``blockAmax(_:_:)`` of the `count` values from `start` of a buffer, four lanes at a time
    /// in two pairs: a floating-point maximum, and a sum of the magnitudes as the non-finite
    /// probe (NaN or ∞ if any value is; a sum of finite values that overflows only sends the
    /// block to the exact scalar maximum). The compiler does not vectorize a maximum reduction
    /// that must keep NaNs apart.
    @inline(__always)
    static func contiguousBlockAmax(_ values: UnsafeBufferPointer<Double>, start: Int, count: Int) -> Double? {
        guard let base = values.baseAddress else { return 0 }
        let lanes = UnsafeRawPointer(base + start)
        @inline(__always) func magnitudes(_ i: Int) -> SIMD2<Double> { magnitudePair(lanes, at: i) }
        var (greatest, greatest2) = (SIMD2<Double>(repeating: 0), SIMD2<Double>(repeating: 0))
        var (probe, probe2) = (SIMD2<Double>(repeating: 0), SIMD2<Double>(repeating: 0))
        var i = 0
        while i &+ 4 <= count {
            let (m, m2) = (magnitudes(i), magnitudes(i &+ 2))
            greatest.replace(with: m, where: m .> greatest)
            greatest2.replace(with: m2, where: m2 .> greatest2)
            probe += m
            probe2 += m2
            i &+= 4
        }
        guard (probe + probe2).sum().isFinite else {
            return blockAmax(values, start..<(start &+ count))
        }
        guard let tail = blockAmax(values, (start &+ i)..<(start &+ count)) else { return nil }
        greatest.replace(with: greatest2, where: greatest2 .> greatest)
        return max(greatest.max(), tail)
    }

    /// The largest finite magnitude in `values` (0 if there is none), two SIMD pairs at a
    /// time: NaN and ±∞ count as 0, so the maximum needs no NaN rule.
    static func finiteAmax(_ values: UnsafeBufferPointer<Double>) -> Double {
        guard let base = values.baseAddress else { return 0 }
        let lanes = UnsafeRawPointer(base)
        @inline(__always) func finiteMagnitudes(_ i: Int) -> SIMD2<Double> {
            var magnitudes = magnitudePair(lanes, at: i)
            // Against the greatest finite double, not ∞: the compiler turns a comparison with
            // the constant ∞ into an integer class test (several SSE2 operations, not one).
            magnitudes.replace(with: 0, where: .!(magnitudes .<= .greatestFiniteMagnitude))
            return magnitudes
        }
        var (greatest, greatest2) = (SIMD2<Double>(repeating: 0), SIMD2<Double>(repeating: 0))
        let quads = values.count / 4
        for quad in 0..<quads {
            let (m, m2) = (finiteMagnitudes(quad &* 4), finiteMagnitudes(quad &* 4 &+ 2))
            greatest.replace(with: m, where: m .> greatest)
            greatest2.replace(with: m2, where: m2 .> greatest2)
        }
        greatest.replace(with: greatest2, where: greatest2 .> greatest)
        return values[(quads * 4)...].reduce(greatest.max(), largerFiniteMagnitude)
    }

    /// The magnitudes of the two doubles from element `i` of `lanes`.
    @inline(__always)
    static func magnitudePair(_ lanes: UnsafeRawPointer, at i: Int) -> SIMD2<Double> {
        let bits = lanes.loadUnaligned(fromByteOffset: i &* 8, as: SIMD2<UInt64>.self) & ~(1 << 63)
        return unsafeBitCast(bits, to: SIMD2<Double>.self)
    }

    /// `greatest`, or `v`'s magnitude where that is finite and greater: the step of a finite amax.
    @inline(__always)
    static func largerFiniteMagnitude(_ greatest: Double, _ v: Double) -> Double {
        v.isFinite ? max(greatest, v.magnitude) : greatest
    }

    /// The scale of a block of largest magnitude `amax` (finite): ``blockScales(_:tensorScale:)``
    /// of one block.
    func blockScale(amax: Double, tensorScale: Float?) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 1) { scale in
            scale[0] = amax
            blockScales(scale, tensorScale: tensorScale)
            return scale[0]
        }
    }

    /// Replaces each block's largest magnitude (finite, or NaN for a block with NaN or ∞,
    /// which stays NaN) by the block's scale: the MX rule's power of two for E8M0, else
    /// `amax / elem_max` (over the tensor scale) rounded to nearest-even in the scale format,
    /// by the core's array kernel.
    ///
    /// The float scales round the binary64 quotient, which is the exact quotient rounded
    /// once: rounding to nearest twice, first to q = 53 bits and then to p bits, gives the
    /// correctly rounded quotient whenever q ≥ 2p + 2 (Figueroa, "When is double rounding
    /// innocuous?", 1995), and every scale format has p ≤ 24. Saturation and the zero of a
    /// quotient below the scale format's range follow from the rounded value alone.
    func blockScales(_ amaxes: UnsafeMutableBufferPointer<Double>, tensorScale: Float?) {
        if format.scale == .e8m0 {
            let elementMaxExponent = format.element.maxExponent
            for k in amaxes.indices {
                let amax = amaxes[k]
                // The exponent from the bits: a zero or subnormal amax gives one below -1022,
                // which clamps to -127 as the rule's zero block does.
                let exponent = Int(truncatingIfNeeded: amax.bitPattern &>> 52) &- 1023
                let shared = min(max(exponent &- elementMaxExponent, -127), 127)
                let scale = Double(bitPattern: UInt64(truncatingIfNeeded: 1023 &+ shared) &<< 52)  // 2^shared, normal
                amaxes[k] = amax.isNaN ? .nan : scale
            }
            return
        }
        let denominator = format.element.greatestMagnitude * Double(tensorScale ?? 1)
        for k in amaxes.indices {
            amaxes[k] = denominator == 0 ? amaxes[k] * 0 : amaxes[k] / denominator
        }
        scaleRounder.round(amaxes, threads: 1)
    }

    /// The element nearest `v / divisor` in the mode, and its code.
    func quantizeElement(_ v: Double, divisor: Double, randomWord: UInt64) -> (value: Double, code: UInt8) {
        switch format.element {
        case .float(let element):
            guard divisor != 0 else {
                let zero = v.sign == .minus && element.hasNegativeZero ? -0.0 : 0.0
                return (zero, UInt8(try! element.encode(zero)))
            }
            let q = elementRounder.quotient(v, divisor, randomWord: randomWord)
            return (q, UInt8(try! element.encode(q)))
        case .integer8(let symmetric):
            guard divisor != 0 else { return (0, 0) }
            // 64·v/X: v over X/64, an exact power of two.
            let k = elementRounder.quotient(v, divisor / 64, randomWord: randomWord)
            let clamped = min(max(k, symmetric ? -127 : -128), 127)
            let integer = Int8(clamped)
            return (integer == 0 ? 0 : Double(integer) / 64, UInt8(bitPattern: integer))
        }
    }

    /// The flat indices of each tile over the last two dimensions, tiles ordered by the
    /// leading dimensions, tile row, tile column; each tile's indices row by row.
    static func tileIndices(shape: [Int], count: Int, tile: (rows: Int, columns: Int)) -> [[Int]] {
        let (rows, columns) = (shape[shape.count - 2], shape[shape.count - 1])
        let matrices = rows * columns == 0 ? 0 : count / (rows * columns)
        let tileRows = (rows + tile.rows - 1) / tile.rows
        let tileColumns = (columns + tile.columns - 1) / tile.columns
        var tiles: [[Int]] = []
        tiles.reserveCapacity(matrices * tileRows * tileColumns)
        for matrix in 0..<matrices {
            for tileRow in 0..<tileRows {
                for tileColumn in 0..<tileColumns {
                    var indices: [Int] = []
                    for r in (tileRow * tile.rows)..<min(rows, (tileRow + 1) * tile.rows) {
                        let rowStart = (matrix * rows + r) * columns
                        for c in (tileColumn * tile.columns)..<min(columns, (tileColumn + 1) * tile.columns) {
                            indices.append(rowStart + c)
                        }
                    }
                    tiles.append(indices)
                }
            }
        }
        return tiles
    }

    /// The values that the codes of `quantized` stand for: each element's value times its
    /// block's scale (and the tensor scale); NaN for a block whose scale is NaN.
    public func dequantize(_ quantized: BlockQuantized) -> [Double] {
        let tensorScale = Double(quantized.tensorScale ?? 1)
        var values = [Double](repeating: 0, count: quantized.elementCodes.count)
        for (block, indices) in Self.blockIndices(of: quantized).enumerated() {
            let scale = format.scale.value(ofCode: quantized.scaleCodes[block]) * tensorScale
            for index in indices { values[index] = format.element.value(ofCode: quantized.elementCodes[index]) * scale }
        }
        return values
    }

    /// The flat indices of each block of a result: its tiles, or its blocks along its axis.
    static func blockIndices(of quantized: BlockQuantized) -> [[Int]] {
        let count = quantized.elementCodes.count
        if let tile = quantized.tiles { return tileIndices(shape: quantized.shape, count: count, tile: tile) }
        guard let layout = try? BlockLayout(
            shape: quantized.shape, count: count, axis: quantized.axis, blockSize: quantized.format.blockSize)
        else { return [] }
        return (0..<layout.blockCount).map { block in
            let (start, stride, length) = layout.block(block)
            return (0..<length).map { start + $0 * stride }
        }
    }
}
