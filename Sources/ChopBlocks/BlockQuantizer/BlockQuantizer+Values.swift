import ChopFormats

extension BlockQuantizer {
    /// The dequantized values only: the same result as ``quantize(_:shape:axis:seed:tensorAmax:)``'s
    /// `values`, computed in three passes over the array so that the elements are rounded by
    /// the core's vectorized array kernel (with `threads` threads).
    ///
    /// Pass 1 finds each block's scale and writes `v / scale` (exact for E8M0 scales, a power
    /// of two; for other scales the binary64 quotient, which rounds the same in deterministic
    /// modes, since a quotient of doubles cannot round onto a value or midpoint of a format of
    /// at most 26 bits unless exact). Pass 2 rounds the array. Pass 3 multiplies back.
    /// Stochastic rounding with a non-power-of-two scale needs the exact quotient: it takes
    /// the codes path.
    ///
    /// - Throws: as ``quantize(_:shape:axis:seed:tensorAmax:)``.
    public func quantizeDequantize(
        _ values: [Double], shape: [Int], axis: Int = -1, seed: UInt64 = 0, tensorAmax: Double? = nil, threads: Int = 1
    ) throws(BlockError) -> [Double] {
        var output = [Double](repeating: 0, count: values.count)
        try values.withUnsafeBufferPointer { (input) throws(BlockError) in
            try output.withUnsafeMutableBufferPointer { (destination) throws(BlockError) in
                try quantizeDequantize(
                    input, into: destination, shape: shape, axis: axis, seed: seed, tensorAmax: tensorAmax, threads: threads)
            }
        }
        return output
    }

    /// ``quantizeDequantize(_:shape:axis:seed:tensorAmax:threads:)`` into a buffer of the same
    /// count (which may be the input itself).
    ///
    /// - Precondition: `output.count == input.count`.
    public func quantizeDequantize(
        _ input: UnsafeBufferPointer<Double>, into scaled: UnsafeMutableBufferPointer<Double>, shape: [Int],
        axis: Int = -1, seed: UInt64 = 0, tensorAmax: Double? = nil, threads: Int = 1
    ) throws(BlockError) {
        precondition(scaled.count == input.count, "the output must have the input's count")
        if mode.isStochastic && format.scale != .e8m0 {
            let values = try quantize(Array(input), shape: shape, axis: axis, seed: seed, tensorAmax: tensorAmax).values
            _ = scaled.update(fromContentsOf: values)
            return
        }
        let layout = try BlockLayout(shape: shape, count: input.count, axis: axis, blockSize: format.blockSize)
        let tensorScale = try format.hasTensorScale ? Double(self.tensorScale(input, given: tensorAmax)) : 1
        var multipliers = [Double](repeating: 0, count: layout.blockCount)
        let isInteger: Bool
        if case .integer8 = format.element { isInteger = true } else { isInteger = false }
        for block in 0..<layout.blockCount {
            multipliers[block] = scaleBlock(input, into: scaled, layout.block(block), tensorScale: tensorScale, isInteger: isInteger)
        }
        elementRounder.round(scaled, seed: seed, threads: threads)
        for block in 0..<layout.blockCount {
            let (start, stride, count) = layout.block(block)
            let multiplier = multipliers[block]
            var index = start
            if case .integer8(let symmetric) = format.element {
                let lowest: Double = symmetric ? -127 : -128
                for _ in 0..<count {
                    let k = min(max(scaled[index], lowest), 127)
                    scaled[index] = k == 0 ? 0 : k * multiplier
                    index &+= stride
                }
            } else {
                for _ in 0..<count {
                    scaled[index] *= multiplier
                    index &+= stride
                }
            }
        }
    }

    /// Pass 1 for one block: writes each value over the divisor into `scaled`; returns what to
    /// multiply the rounded elements by (NaN for a block with NaN or ∞).
    @inline(__always)
    func scaleBlock(
        _ input: UnsafeBufferPointer<Double>, into scaled: UnsafeMutableBufferPointer<Double>,
        _ block: (start: Int, stride: Int, count: Int), tensorScale: Double, isInteger: Bool
    ) -> Double {
        let (start, stride, count) = block
        var index = start
        guard let amax = Self.blockAmax(input, (0..<count).lazy.map { start &+ $0 &* stride }) else {
            for _ in 0..<count {
                scaled[index] = .nan
                index &+= stride
            }
            return .nan
        }
        // MXINT8's elements are integers k over X/64 (exact: X is a power of two).
        let divisor = blockScale(amax: amax, tensorScale: Float(tensorScale)) * tensorScale / (isInteger ? 64 : 1)
        if divisor == 0 {
            for _ in 0..<count {
                scaled[index] = input[index].sign == .minus ? -0.0 : 0
                index &+= stride
            }
            return 0
        }
        let least = Double.leastNonzeroMagnitude
        for _ in 0..<count {
            let v = input[index]
            var q = v / divisor
            // A quotient that underflows to zero still rounds as the tiny number it is.
            if q == 0 && v != 0 { q = v < 0 ? -least : least }
            scaled[index] = q
            index &+= stride
        }
        return divisor
    }
}
