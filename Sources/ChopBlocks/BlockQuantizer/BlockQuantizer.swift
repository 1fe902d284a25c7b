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
/// Edge cases (DESIGN.md §6): a block with NaN or ±∞ decodes to NaN everywhere (its scale
/// code is the scale format's NaN); an all-zero block decodes to zeros (E8M0 scale 2^-127,
/// float scales 0) keeping the input's zero signs for float elements, +0 for INT8; elements
/// saturate at the element maximum. NVFP4's tensor amax is the largest finite magnitude in
/// the data unless given.
public struct BlockQuantizer: Sendable {
    public let format: BlockFormat
    public let mode: RoundingMode
    let elementRounder: FloatRounder
    let scaleRounder: FloatRounder

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
    ///   - seed: the stochastic stream; element `i` (flat index) uses word `i`, so results do
    ///     not depend on the order of the work.
    ///   - tensorAmax: NVFP4's tensor amax; nil: the largest finite magnitude of `values`.
    /// - Throws: ``BlockError`` for a shape that does not hold the values, an axis outside it,
    ///   or a tensor amax that is NaN, infinite or negative.
    public func quantize(
        _ values: [Double], shape: [Int], axis: Int = -1, seed: UInt64 = 0, tensorAmax: Double? = nil
    ) throws(BlockError) -> BlockQuantized {
        let layout = try BlockLayout(shape: shape, count: values.count, axis: axis, blockSize: format.blockSize)
        let tensorScale = try format.hasTensorScale ? self.tensorScale(values, given: tensorAmax) : nil
        var result = BlockQuantized(
            format: format, shape: shape, axis: axis < 0 ? shape.count + axis : axis,
            values: [Double](repeating: 0, count: values.count),
            elementCodes: [UInt8](repeating: 0, count: values.count),
            scales: [Double](repeating: 0, count: layout.blockCount),
            scaleCodes: [UInt32](repeating: 0, count: layout.blockCount), tensorScale: tensorScale)
        let stream = RandomStream(seed: seed)
        for index in 0..<layout.blockCount {
            let (start, stride, count) = layout.block(index)
            quantizeBlock(
                values, indices: (0..<count).lazy.map { start + $0 * stride }, blockIndex: index,
                tensorScale: tensorScale, stream: stream, into: &result)
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
        _ values: [Double], shape: [Int], tile: (rows: Int, columns: Int), seed: UInt64 = 0, tensorAmax: Double? = nil
    ) throws(BlockError) -> BlockQuantized {
        guard shape.count >= 2 else { throw .invalidShape(shape: shape, count: values.count) }
        guard tile.rows >= 1 && tile.columns >= 1 else {
            throw .invalidParameters("tile \(tile.rows)×\(tile.columns); both sides must be at least 1")
        }
        _ = try BlockLayout(shape: shape, count: values.count, axis: -1, blockSize: 1)
        let tiles = Self.tileIndices(shape: shape, count: values.count, tile: tile)
        let tensorScale = try format.hasTensorScale ? self.tensorScale(values, given: tensorAmax) : nil
        var result = BlockQuantized(
            format: format, shape: shape, axis: shape.count - 1,
            values: [Double](repeating: 0, count: values.count),
            elementCodes: [UInt8](repeating: 0, count: values.count),
            scales: [Double](repeating: 0, count: tiles.count),
            scaleCodes: [UInt32](repeating: 0, count: tiles.count), tensorScale: tensorScale)
        let stream = RandomStream(seed: seed)
        for (block, indices) in tiles.enumerated() {
            quantizeBlock(values, indices: indices, blockIndex: block, tensorScale: tensorScale, stream: stream, into: &result)
        }
        result.tiles = tile
        return result
    }

    /// The tensor scale `G = amax / (scale_max · elem_max)` rounded to binary32.
    func tensorScale(_ values: some Collection<Double>, given: Double?) throws(BlockError) -> Float {
        let amax: Double
        if let given {
            guard given.isFinite && given >= 0 else { throw .invalidTensorAmax(given) }
            amax = given
        } else {
            amax = values.reduce(0) { $1.isFinite ? max($0, $1.magnitude) : $0 }
        }
        return Float(amax / (format.scale.format.greatestFiniteMagnitude * format.element.greatestMagnitude))
    }

    /// One block: its scale, then each element rounded once and multiplied back.
    func quantizeBlock(
        _ values: [Double], indices: some Collection<Int>, blockIndex: Int, tensorScale: Float?,
        stream: RandomStream, into result: inout BlockQuantized
    ) {
        var amax = 0.0
        var special = false
        for index in indices {
            let v = values[index]
            if v.isFinite { amax = max(amax, v.magnitude) } else { special = true }
        }
        if special {
            result.scales[blockIndex] = .nan
            result.scaleCodes[blockIndex] = scaleNaNCode
            for index in indices { result.values[index] = .nan }
            return
        }
        let (scale, scaleCode) = blockScale(amax: amax, tensorScale: tensorScale)
        result.scales[blockIndex] = scale
        result.scaleCodes[blockIndex] = scaleCode
        // The divisor: the scale times the tensor scale (exact: a few bits times a binary32).
        let divisor = scale * Double(tensorScale ?? 1)
        for index in indices {
            let v = values[index]
            let word = mode.isStochastic ? stream.word(at: UInt64(index)) : 0
            let (element, code) = quantizeElement(v, divisor: divisor, randomWord: word)
            result.elementCodes[index] = code
            result.values[index] = element * divisor
        }
    }

    /// The block scale and its code for a block of largest finite magnitude `amax`.
    func blockScale(amax: Double, tensorScale: Float?) -> (scale: Double, code: UInt32) {
        if format.scale == .e8m0 {
            let shared = amax == 0 ? -127 : min(max(Int(amax.exponent) - format.element.maxExponent, -127), 127)
            return (Double(sign: .plus, exponent: shared, significand: 1), UInt32(shared + 127))
        }
        let denominator = format.element.greatestMagnitude * Double(tensorScale ?? 1)
        let scale = denominator == 0 ? 0 : scaleRounder.quotient(amax, denominator)
        return (scale, scaleCode(scale))
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

    /// A float scale's code: E4M3/E5M3 without the sign bit, binary32's bits.
    func scaleCode(_ scale: Double) -> UInt32 {
        switch format.scale {
        case .e8m0: UInt32(try! FloatFormat.e8m0.encode(scale))
        case .ue4m3: UInt32(try! FloatFormat.e4m3fn.encode(scale)) & 0x7F
        case .ue5m3: UInt32(try! ScaleFormat.e5m3.encode(scale)) & 0xFF
        case .binary32: Float(scale).bitPattern
        }
    }

    /// The scale format's NaN code.
    var scaleNaNCode: UInt32 {
        switch format.scale {
        case .e8m0: 0xFF
        case .ue4m3: 0x7F
        case .ue5m3: 0xFF
        case .binary32: Float.nan.bitPattern
        }
    }

    /// The values that the codes of `quantized` stand for: each element's value times its
    /// block's scale (and the tensor scale); NaN for a block whose scale is NaN.
    public func dequantize(_ quantized: BlockQuantized) -> [Double] {
        let tensorScale = Double(quantized.tensorScale ?? 1)
        if let tile = quantized.tiles {
            var values = [Double](repeating: 0, count: quantized.elementCodes.count)
            let tiles = Self.tileIndices(shape: quantized.shape, count: values.count, tile: tile)
            for (block, indices) in tiles.enumerated() {
                let scale = decodeScale(quantized.scaleCodes[block]) * tensorScale
                for index in indices { values[index] = decodeElement(quantized.elementCodes[index]) * scale }
            }
            return values
        }
        guard let layout = try? BlockLayout(
            shape: quantized.shape, count: quantized.elementCodes.count, axis: quantized.axis,
            blockSize: quantized.format.blockSize)
        else { return [] }
        var values = [Double](repeating: 0, count: quantized.elementCodes.count)
        for index in 0..<layout.blockCount {
            let (start, stride, count) = layout.block(index)
            let scale = decodeScale(quantized.scaleCodes[index]) * tensorScale
            for j in 0..<count {
                let position = start + j * stride
                values[position] = decodeElement(quantized.elementCodes[position]) * scale
            }
        }
        return values
    }

    func decodeScale(_ code: UInt32) -> Double {
        switch format.scale {
        case .e8m0: try! FloatFormat.e8m0.decode(UInt64(code))
        case .ue4m3: try! FloatFormat.e4m3fn.decode(UInt64(code))
        case .ue5m3: try! ScaleFormat.e5m3.decode(UInt64(code))
        case .binary32: Double(Float(bitPattern: code))
        }
    }

    func decodeElement(_ code: UInt8) -> Double {
        switch format.element {
        case .float(let element): try! element.decode(UInt64(code))
        case .integer8: Double(Int8(bitPattern: code)) / 64
        }
    }
}
