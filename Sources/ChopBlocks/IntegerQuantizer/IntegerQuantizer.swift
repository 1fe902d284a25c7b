import ChopFormats

/// Quantizes arrays to an ``IntegerFormat`` with a ``Granularity`` of scales: the dequantized
/// values, the integer codes, and each group's scale and zero point.
///
/// ```swift
/// let int8 = try IntegerQuantizer(format: .symmetric(bits: 8), granularity: .channel(axis: 0))
/// let q = try int8.quantize(weights, shape: [64, 256])   // one scale per row
/// ```
public struct IntegerQuantizer: Sendable {
    public let format: IntegerFormat
    public let granularity: Granularity
    public let mode: RoundingMode
    /// Rounds exact quotients to integers (quantum 1 up to 2^33) in `mode`, without overflow.
    let integerRounder: FloatRounder
    /// The same, nearest-even, for zero points.
    let nearestRounder: FloatRounder

    static let integers = try! FloatFormat(precision: 34, maxExponent: 33, minExponent: 33, name: "int-magnitude34")

    /// - Throws: ``BlockError/invalidRounding(_:)`` for a stochastic mode with bad random bits.
    public init(format: IntegerFormat, granularity: Granularity = .tensor, mode: RoundingMode = .toNearestOrEven)
        throws(BlockError)
    {
        self.format = format
        self.granularity = granularity
        self.mode = mode
        do {
            integerRounder = try FloatRounder(format: Self.integers, mode: mode, overflow: .saturate)
            nearestRounder = try FloatRounder(format: Self.integers, overflow: .saturate)
        } catch {
            throw .invalidRounding(error.description)
        }
    }

    /// Quantizes `values` (row-major `shape`); element `i` draws the random bits of index
    /// `firstIndex + i` (``RandomStream/word(at:bits:)``) in stochastic modes. The groups'
    /// scales are found first, then the elements are quantized on `threads` threads (same bits
    /// for any count).
    ///
    /// - Throws: ``BlockError`` for a shape that does not hold the values or an axis outside
    ///   it. NaN elements decode to NaN (code 0) and are left out of their group's range;
    ///   ±∞ saturate.
    public func quantize(
        _ values: [Double], shape: [Int], seed: UInt64 = 0, firstIndex: Int = 0, threads: Int = Parallelism.automatic
    ) throws(BlockError) -> IntegerQuantized {
        let groups = try groupIndices(shape: shape, count: values.count)
        let parameters = groups.map { members in groupScale(members.lazy.map { values[$0] }) }
        // Each element's group (all in group 0 per tensor).
        let groupOf = {
            var groupOf = [Int32](repeating: 0, count: groups.count > 1 ? values.count : 0)
            for (group, members) in groups.enumerated() where groups.count > 1 {
                for index in members { groupOf[index] = Int32(group) }
            }
            return groupOf
        }()
        var codes = [Int64](repeating: 0, count: values.count)
        var dequantized = [Double](repeating: 0, count: values.count)
        let stream = RandomStream(seed: seed)
        let bits = mode.randomBitsPerElement
        codes.withUnsafeMutableBufferPointer { codeBuffer in
            dequantized.withUnsafeMutableBufferPointer { valueBuffer in
                let (codeOut, valueOut) = (DisjointPointer(codeBuffer.baseAddress!), DisjointPointer(valueBuffer.baseAddress!))
                forEachChunk(count: values.count, threads: Parallelism.threads(threads, elements: values.count)) { range in
                    for index in range {
                        let (scale, zeroPoint) = parameters[groupOf.isEmpty ? 0 : Int(groupOf[index])]
                        let word = mode.isStochastic ? stream.word(at: UInt64(firstIndex + index), bits: bits) : 0
                        (codeOut.base[index], valueOut.base[index]) = quantizeElement(
                            values[index], scale: scale, zeroPoint: zeroPoint, randomWord: word)
                    }
                }
            }
        }
        return IntegerQuantized(
            format: format, granularity: granularity, shape: shape, values: dequantized, codes: codes,
            scales: parameters.map(\.scale), zeroPoints: parameters.map(\.zeroPoint))
    }

    /// The scale and zero point of a group.
    func groupScale(_ group: some Sequence<Double>) -> (scale: Double, zeroPoint: Int64) {
        var (lo, hi) = (0.0, 0.0)
        for v in group where v.isFinite {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        switch format {
        case .symmetric:
            return (max(-lo, hi) / Double(format.codeRange.upperBound), 0)
        case .asymmetric:
            let scale = (hi - lo) / Double(format.codeRange.upperBound)
            guard scale > 0 else { return (0, 0) }
            let zeroPoint = nearestRounder.quotient(-lo, scale)
            return (scale, Int64(min(max(zeroPoint, 0), Double(format.codeRange.upperBound))))
        case .fixed(_, let fractionBits):
            return (Double(sign: .plus, exponent: -fractionBits, significand: 1), 0)
        }
    }

    /// One element's code and decoded value.
    func quantizeElement(_ v: Double, scale: Double, zeroPoint: Int64, randomWord: UInt64) -> (Int64, Double) {
        if v.isNaN { return (0, .nan) }
        guard scale > 0 else { return (zeroPoint, 0) }
        let range = format.codeRange
        let quotient: Double
        if v.isInfinite {
            quotient = v
        } else {
            quotient = integerRounder.quotient(v, scale, randomWord: randomWord)
        }
        let shifted = quotient + Double(zeroPoint)
        let code = Int64(min(max(shifted, Double(range.lowerBound)), Double(range.upperBound)))
        return (code, Double(code - zeroPoint) * scale)
    }

    /// The flat indices of each group, groups in order of their first element.
    func groupIndices(shape: [Int], count: Int) throws(BlockError) -> [[Int]] {
        switch granularity {
        case .tensor:
            try BlockLayout.check(shape: shape, count: count)
            return [Array(0..<count)]
        case .channel(let axis):
            let layout = try BlockLayout(shape: shape, count: count, axis: axis, blockSize: 1)
            var groups = [[Int]](repeating: [], count: layout.extent)
            for index in 0..<count { groups[(index / layout.inner) % layout.extent].append(index) }
            return groups
        case .block(let size, let axis):
            guard size >= 1 else { throw .invalidParameters("block size \(size); it must be at least 1") }
            let layout = try BlockLayout(shape: shape, count: count, axis: axis, blockSize: size)
            return (0..<layout.blockCount).map { block in
                let (start, stride, length) = layout.block(block)
                return (0..<length).map { start + $0 * stride }
            }
        }
    }
}

/// The result of ``IntegerQuantizer/quantize(_:shape:seed:firstIndex:threads:)``.
public struct IntegerQuantized: Sendable, Equatable {
    public let format: IntegerFormat
    public let granularity: Granularity
    public let shape: [Int]
    /// The dequantized values, same shape as the input.
    public internal(set) var values: [Double]
    /// Each element's integer code (two's complement range for `int`/`fixed`, `0...2^N-1` for
    /// `uint`).
    public internal(set) var codes: [Int64]
    /// Each group's scale (`2^-F` for fixed point) and zero point (0 unless asymmetric).
    public internal(set) var scales: [Double]
    public internal(set) var zeroPoints: [Int64]
}
