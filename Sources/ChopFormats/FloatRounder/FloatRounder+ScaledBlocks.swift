extension FloatRounder {
    /// Block-scaled rounding, the element step of a block format's quantize-dequantize:
    /// `source` is cut into consecutive blocks of `blockSize` elements (the last may be
    /// short), and element `x` of block `b` becomes `round(x / d) × d` in `destination`, `d`
    /// being `divisors[b]`. One pass, with the core's array kernel.
    ///
    /// The quotient is the binary64 one: `x × (1/d)` where `d` is a power of two with a
    /// normal reciprocal (the same real number, rounded once either way), else `x / d`. A
    /// nonzero `x` whose quotient underflows to zero is rounded as the least double of its
    /// sign, so that directed modes still see a nonzero value. A zero `d` gives zeros with
    /// `x`'s sign (a block whose greatest magnitude is zero); a NaN `d` gives NaN.
    ///
    /// Stochastic modes draw element `i`'s word from `RandomStream(seed: seed).word(at:
    /// firstIndex + i, bits: R)`, as the other array forms do. Runs on the caller's thread: callers
    /// split their work by blocks.
    ///
    /// - Precondition: `blockSize > 0`, `destination.count == source.count` (they may be the
    ///   same memory, not otherwise overlapping) and `divisors` holds one per block, each
    ///   positive, zero or NaN.
    public func roundScaledBlocks(
        _ source: UnsafeBufferPointer<Double>, into destination: UnsafeMutableBufferPointer<Double>,
        blockSize: Int, divisors: UnsafeBufferPointer<Double>, seed: UInt64 = 0, firstIndex: Int = 0
    ) {
        precondition(blockSize > 0, "a block holds at least one element")
        precondition(destination.count == source.count, "source and destination counts differ")
        precondition(divisors.count == (source.count + blockSize - 1) / blockSize, "one divisor per block")
        guard let input = source.baseAddress, let output = destination.baseAddress, let scales = divisors.baseAddress
        else { return }
        withKernel(
            ScaledBlocksVisitor(
                source: input, destination: output, count: source.count, blockSize: blockSize, divisors: scales,
                stream: RandomStream(seed: seed), firstIndex: UInt64(firstIndex)))
    }
}

/// The loop of ``FloatRounder/roundScaledBlocks(_:into:blockSize:divisors:seed:firstIndex:)``:
/// per block, one quotient form chosen, then every element through the kernel.
/// Stochastic rules and rules that round the least double apart from zero (up, down, odd)
/// take the underflow repair; the others are compiled without it.
struct ScaledBlocksVisitor: KernelVisitor {
    let source: UnsafePointer<Double>
    let destination: UnsafeMutablePointer<Double>
    let count: Int
    let blockSize: Int
    let divisors: UnsafePointer<Double>
    let stream: RandomStream
    let firstIndex: UInt64

    func visit<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>) {
        // Where the least double of either sign rounds (deterministically) as a zero of that
        // sign does, an underflowed quotient needs no repair: one test per call, not per element.
        let least = Double.leastNonzeroMagnitude
        let repairsUnderflow = R.usesRandomness
            || kernel.round(least, randomWord: 0).bitPattern != kernel.round(0, randomWord: 0).bitPattern
            || kernel.round(-least, randomWord: 0).bitPattern != kernel.round(-0.0, randomWord: 0).bitPattern
        if repairsUnderflow {
            visit(kernel, repairingUnderflow: true)
        } else {
            visit(kernel, repairingUnderflow: false)
        }
    }

    @inline(__always)
    func visit<G: BracketGeometry, R: RoundingRule>(_ kernel: RoundingKernel<G, R>, repairingUnderflow: Bool) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: R.usesRandomness ? blockSize : 0) { words in
            var start = 0
            var block = 0
            while start < count {
                let n = min(blockSize, count - start)
                if R.usesRandomness {
                    stream.fill(
                        words.baseAddress!, count: n, from: firstIndex &+ UInt64(truncatingIfNeeded: start),
                        bits: kernel.plan.randomBits)
                }
                let divisor = divisors[block]
                precondition(!(divisor < 0), "a block's divisor is positive, zero or NaN")
                let reciprocal = 1 / divisor
                @inline(__always) func round(dividingBy divisor: Double, _ quotient: (Double) -> Double) {
                    roundBlock(
                        kernel, start: start, count: n, words: words, divisor: divisor,
                        repairingUnderflow: repairingUnderflow, quotient: quotient)
                }
                if divisor == 0 {
                    round(dividingBy: 0) { $0 * 0 }
                } else if divisor.significandBitPattern == 0 && divisor.isNormal && reciprocal.isNormal {
                    round(dividingBy: divisor) { $0 * reciprocal }
                } else {
                    round(dividingBy: divisor) { $0 / divisor }
                }
                start += n
                block += 1
            }
        }
    }

    /// Elements `start..<start + count`: quotient, kernel, times `divisor`.
    @inline(__always)
    func roundBlock<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, start: Int, count: Int, words: UnsafeMutableBufferPointer<UInt64>,
        divisor: Double, repairingUnderflow: Bool, quotient: (Double) -> Double
    ) {
        // Wrapping index arithmetic and masks: a loop that can trap or branch does not vectorize.
        for j in 0..<count {
            let v = source[start &+ j]
            var x = quotient(v)
            if repairingUnderflow {
                // The divisor is positive, so x has v's sign: an underflow to zero becomes the
                // least double of that sign by setting the lowest bit.
                let underflow: UInt64 = x == 0 && v != 0 ? 1 : 0
                x = Double(bitPattern: x.bitPattern | underflow)
            }
            destination[start &+ j] = kernel.round(x, randomWord: R.usesRandomness ? words[j] : 0) * divisor
        }
    }
}
