import ChopFormats

extension BlockQuantizer {
    /// The dequantized values only: the same result as ``quantize(_:shape:axis:seed:tensorAmax:firstIndex:)``'s
    /// `values`, computed so that the elements are rounded by the core's vectorized array
    /// kernel (with `threads` threads; the same bits for any count).
    ///
    /// Each block's scale is found first; each element `v` is then rounded as `v / scale`
    /// (exact for E8M0 scales, a power of two; for other scales the binary64 quotient, which
    /// rounds the same in deterministic modes, since a quotient of doubles cannot round onto a
    /// value or midpoint of a format of at most 26 bits unless exact) and multiplied back.
    /// Blocks along the last axis go in groups of about 2,048 elements, each group done while
    /// it is in cache: the scales, then one pass of the core's block-scaled rounding (and for
    /// MXINT8 a pass that clamps the integers, still in cache). Blocks along another axis take
    /// three passes (scale, round, unscale) over the whole array.
    /// Stochastic rounding with a non-power-of-two scale needs the exact quotient: it takes
    /// the codes path.
    ///
    /// - Throws: as ``quantize(_:shape:axis:seed:tensorAmax:firstIndex:)``.
    public func quantizeDequantize(
        _ values: [Double], shape: [Int], axis: Int = -1, seed: UInt64 = 0, tensorAmax: Double? = nil, firstIndex: Int = 0,
        threads: Int = Parallelism.automatic
    ) throws(BlockError) -> [Double] {
        var output = [Double](repeating: 0, count: values.count)
        try values.withUnsafeBufferPointer { (input) throws(BlockError) in
            try output.withUnsafeMutableBufferPointer { (destination) throws(BlockError) in
                try quantizeDequantize(
                    input, into: destination, shape: shape, axis: axis, seed: seed, tensorAmax: tensorAmax,
                    firstIndex: firstIndex, threads: threads)
            }
        }
        return output
    }

    /// ``quantizeDequantize(_:shape:axis:seed:tensorAmax:firstIndex:threads:)`` into a buffer of the same
    /// count (which may be the input itself).
    ///
    /// - Precondition: `output.count == input.count`.
    public func quantizeDequantize(
        _ input: UnsafeBufferPointer<Double>, into scaled: UnsafeMutableBufferPointer<Double>, shape: [Int],
        axis: Int = -1, seed: UInt64 = 0, tensorAmax: Double? = nil, firstIndex: Int = 0, threads: Int = Parallelism.automatic
    ) throws(BlockError) {
        precondition(scaled.count == input.count, "the output must have the input's count")
        if mode.isStochastic && format.scale != .e8m0 {
            let values = try quantize(
                Array(input), shape: shape, axis: axis, seed: seed, tensorAmax: tensorAmax, firstIndex: firstIndex).values
            _ = scaled.update(fromContentsOf: values)
            return
        }
        let layout = try BlockLayout(shape: shape, count: input.count, axis: axis, blockSize: format.blockSize)
        let tensorScale = try format.hasTensorScale ? Double(self.tensorScale(input, given: tensorAmax)) : 1
        guard let inputBase = input.baseAddress, let outputBase = scaled.baseAddress, layout.blockCount > 0 else { return }
        // Blocks along the last axis are contiguous and in order: groups of them are done whole
        // (three passes over a few KiB that stay in cache) and groups go to the threads. Blocks
        // along another axis interleave: one group, whose rounding pass uses the threads.
        let isContiguous = layout.inner == 1
        let blocksPerGroup = isContiguous ? max(1, Self.groupElements / format.blockSize) : layout.blockCount
        let groupCount = (layout.blockCount + blocksPerGroup - 1) / blocksPerGroup
        let source = DisjointPointer(UnsafeMutablePointer(mutating: inputBase))
        let destination = DisjointPointer(outputBase)
        let count = input.count
        let quantizer = self
        let threads = Parallelism.threads(threads, elements: count)
        forEachChunk(count: groupCount, threads: isContiguous ? threads : 1) { groups in
            let input = UnsafeBufferPointer(start: source.base, count: count)
            let scaled = UnsafeMutableBufferPointer(start: destination.base, count: count)
            for group in groups {
                let blocks = group * blocksPerGroup..<min((group + 1) * blocksPerGroup, layout.blockCount)
                let elements: Range<Int>
                if isContiguous {
                    let last = layout.block(blocks.upperBound - 1)
                    elements = layout.block(blocks.lowerBound).start..<(last.start + last.count)
                } else {
                    elements = 0..<count
                }
                quantizer.quantizeDequantize(
                    input, into: scaled, blocks: blocks, layout: layout, elements: elements, tensorScale: tensorScale,
                    seed: seed, firstIndex: firstIndex, threads: isContiguous ? 1 : threads)
            }
        }
    }

    /// Elements per group of contiguous blocks: small enough to stay in the first-level cache.
    static var groupElements: Int { 2048 }

    /// The passes for `blocks`, whose elements all lie in `elements`: contiguous blocks take
    /// ``roundContiguousBlocks(_:into:blocks:layout:tensorScale:seed:firstIndex:)``, blocks along another
    /// axis (a stride above 1) three passes.
    func quantizeDequantize(
        _ input: UnsafeBufferPointer<Double>, into scaled: UnsafeMutableBufferPointer<Double>, blocks: Range<Int>,
        layout: BlockLayout, elements: Range<Int>, tensorScale: Double, seed: UInt64, firstIndex: Int, threads: Int
    ) {
        if layout.inner == 1 {
            return roundContiguousBlocks(
                input, into: scaled, blocks: blocks, layout: layout, tensorScale: tensorScale, seed: seed, firstIndex: firstIndex)
        }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: blocks.count) { multipliers in
            for (k, block) in blocks.enumerated() {
                multipliers[k] = scaleBlock(input, into: scaled, layout.block(block), tensorScale: tensorScale)
            }
            elementRounder.round(
                UnsafeMutableBufferPointer(rebasing: scaled[elements]), seed: seed, firstIndex: firstIndex + elements.lowerBound,
                threads: threads)
            for (k, block) in blocks.enumerated() {
                unscaleBlock(scaled, layout.block(block), multiplier: multipliers[k])
            }
        }
    }

    /// Blocks along the last axis: each run of blocks within one line gets its divisors (the
    /// amax pass), then goes through
    /// ``FloatRounder/roundScaledBlocks(_:into:blockSize:divisors:seed:firstIndex:)`` while in
    /// cache (MXINT8's integers are then clamped, block by block). A run is the whole group
    /// when lines hold whole blocks.
    func roundContiguousBlocks(
        _ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>, blocks: Range<Int>,
        layout: BlockLayout, tensorScale: Double, seed: UInt64, firstIndex: Int
    ) {
        let blockSize = layout.blockSize
        let linesHoldWholeBlocks = layout.extent % blockSize == 0
        let lowestInteger = self.lowestInteger
        withUnsafeTemporaryAllocation(of: Double.self, capacity: blocks.count) { divisors in
            var first = blocks.lowerBound
            while first < blocks.upperBound {
                // A run ends at the group's end or at its line's end, whichever comes first.
                let lineEnd = linesHoldWholeBlocks ? blocks.upperBound : (first / layout.blocksPerLine + 1) * layout.blocksPerLine
                let run = first..<min(blocks.upperBound, lineEnd)
                let start = layout.block(run.lowerBound).start
                let last = layout.block(run.upperBound - 1)
                let end = last.start + last.count
                var blockStart = start
                for k in 0..<run.count {
                    let count = min(blockSize, end - blockStart)
                    divisors[k] = Self.contiguousBlockAmax(input, start: blockStart, count: count) ?? .nan
                    blockStart += count
                }
                let runDivisors = UnsafeMutableBufferPointer(rebasing: divisors[..<run.count])
                blockScales(runDivisors, tensorScale: Float(tensorScale))
                for k in runDivisors.indices { runDivisors[k] = divisor(scale: runDivisors[k], tensorScale: tensorScale) }
                elementRounder.roundScaledBlocks(
                    UnsafeBufferPointer(rebasing: input[start..<end]), into: UnsafeMutableBufferPointer(rebasing: output[start..<end]),
                    blockSize: blockSize, divisors: UnsafeBufferPointer(runDivisors), seed: seed,
                    firstIndex: firstIndex + start)
                if let lowestInteger {
                    for (k, divisor) in runDivisors.enumerated() {
                        let blockStart = start &+ k &* blockSize
                        for i in blockStart..<min(blockStart &+ blockSize, end) {
                            output[i] = Self.clampedInteger(output[i], lowest: lowestInteger, divisor: divisor)
                        }
                    }
                }
                first = run.upperBound
            }
        }
    }

    /// MXINT8's least integer (-127 for the symmetric variant, else -128), or nil for a float
    /// element.
    static func lowestInteger(of element: BlockElement) -> Double? {
        if case .integer8(let symmetric) = element { symmetric ? -127 : -128 } else { nil }
    }

    /// A rounded integer element times its block's divisor `d`, clamped to `[lowest·d, 127·d]`
    /// (exact, `d` being a power of two), a zero made +0; NaN stays NaN. The bounds do not
    /// depend on the element, so the compiler computes them once per block loop.
    @inline(__always)
    static func clampedInteger(_ product: Double, lowest: Double, divisor d: Double) -> Double {
        let (low, high) = (lowest * d, 127 * d)
        return (product < low ? low : product > high ? high : product) + 0
    }

    /// What a block's elements are divided by: its scale (times the tensor scale; MXINT8's
    /// integers are `k` over `X/64`, exact since `X` is a power of two), 0 for a block of
    /// zeros, NaN for a block with NaN or ∞ (`amax` nil).
    @inline(__always)
    func divisor(amax: Double?, tensorScale: Double) -> Double {
        guard let amax else { return .nan }
        return divisor(scale: blockScale(amax: amax, tensorScale: Float(tensorScale)), tensorScale: tensorScale)
    }

    /// The divisor of a block of scale `scale` (NaN stays NaN).
    @inline(__always)
    func divisor(scale: Double, tensorScale: Double) -> Double {
        scale * tensorScale / (lowestInteger == nil ? 1 : 64)
    }

    /// Pass 3 for one block: the rounded elements times the block's multiplier (MXINT8's
    /// integers clamped first).
    @inline(__always)
    func unscaleBlock(
        _ scaled: UnsafeMutableBufferPointer<Double>, _ block: (start: Int, stride: Int, count: Int), multiplier: Double
    ) {
        let (start, stride, count) = block
        var index = start
        if let lowestInteger {
            for _ in 0..<count {
                scaled[index] = Self.clampedInteger(scaled[index] * multiplier, lowest: lowestInteger, divisor: multiplier)
                index &+= stride
            }
        } else {
            for _ in 0..<count {
                scaled[index] *= multiplier
                index &+= stride
            }
        }
    }

    /// Pass 1 for one block: writes each value over the divisor into `scaled`; returns what to
    /// multiply the rounded elements by (NaN for a block with NaN or ∞).
    @inline(__always)
    func scaleBlock(
        _ input: UnsafeBufferPointer<Double>, into scaled: UnsafeMutableBufferPointer<Double>,
        _ block: (start: Int, stride: Int, count: Int), tensorScale: Double
    ) -> Double {
        let (start, stride, count) = block
        var index = start
        let amax = Self.blockAmax(input, (0..<count).lazy.map { start &+ $0 &* stride })
        let divisor = divisor(amax: amax, tensorScale: tensorScale)
        if divisor.isNaN {
            for _ in 0..<count {
                scaled[index] = .nan
                index &+= stride
            }
            return .nan
        }
        if divisor == 0 {
            for _ in 0..<count {
                scaled[index] = input[index].sign == .minus ? -0.0 : 0
                index &+= stride
            }
            return 0
        }
        // A power of two with a normal reciprocal (every E8M0 scale) divides exactly as its
        // reciprocal multiplies: the same real quotient, rounded once either way.
        let reciprocal = 1 / divisor
        let multiplies = divisor.significandBitPattern == 0 && divisor.isNormal && reciprocal.isNormal
        @inline(__always) func write(_ quotient: (Double) -> Double) {
            for _ in 0..<count {
                let v = input[index]
                let q = quotient(v)
                // A quotient that underflows to zero still rounds as the tiny number it is: the
                // least double with v's sign (a select, so that the loop vectorizes).
                let least = Double(bitPattern: v.bitPattern & (1 << 63) | 1)
                scaled[index] = q == 0 && v != 0 ? least : q
                index &+= stride
            }
        }
        if multiplies { write { $0 * reciprocal } } else { write { $0 / divisor } }
        return divisor
    }
}
