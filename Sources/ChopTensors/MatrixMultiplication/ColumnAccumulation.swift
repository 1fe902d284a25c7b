import ChopFormats

/// The vectorised loops of ``MatrixMultiplication`` for exact products in a float
/// accumulator, any mode: sequential accumulation (every add rounded) and fused chunks,
/// each step across a whole row of outputs at once (SIMD lanes of independent dot products,
/// ``FloatRounder/accumulate(into:adding:times:count:randomWords:)``).
///
/// Why it is the model:
/// - sequential: `sᵢ = ∘(sᵢ₋₁ + a·b)` with `a·b` exact (inputs of at most 26 significant bits
///   and exponents within ±400) is one accumulation step, from ``FloatRounder/accumulationStart``
///   (so `s₁ = ∘(t₁)`);
/// - fused chunks: when every partial sum of a chunk's products is an exact double (the
///   inputs' bits span at most 53 - ⌈log₂ chunk⌉ binades in all: FP8, FP6 and FP4 inputs),
///   the hardware's chunk sum is the exact sum, zero sign included (the sum of the negated
///   products, negated back, in mode down, whose exact zeros are -0 unless every term is
///   +0), and `∘(s + chunk)` is one accumulation step.
///
/// Random words are the model's: output `o`'s r-th rounding draws word `o·(3k + 1) + r` of the
/// accumulation stream (step `t`, or chunk `c`).
struct ColumnAccumulation: Sendable {
    let accumulator: FloatRounder
    /// Terms per rounding: 1 for sequential accumulation.
    let chunk: Int

    /// The loop for `model` on these inputs (`b` is `k×n`), or nil when it does not apply.
    init?(_ model: MatrixMultiplication, _ a: [Double], _ b: [Double]) {
        guard model.faults == nil, case .exact = model.products, let accumulator = model.accumulator as? FloatRounder,
            accumulator.accumulatesExactly, FastAccumulation.fit(a, 26), FastAccumulation.fit(b, 26)
        else { return nil }
        switch model.order {
        case .sequential: chunk = 1
        case .fused(let size):
            guard let spanA = Self.bitSpan(a), let spanB = Self.bitSpan(b),
                spanA.high + spanB.high + (Int.bitWidth - (size - 1).leadingZeroBitCount) - (spanA.low + spanB.low) <= 53
            else { return nil }
            chunk = size
        default: return nil
        }
        self.accumulator = accumulator
    }

    /// The exponents of the lowest set bit and just above the greatest magnitude among the
    /// nonzero values (every one finite), or nil when all are zero.
    static func bitSpan(_ values: [Double]) -> (low: Int, high: Int)? {
        var low = Int.max, high = Int.min
        for x in values where x != 0 {
            low = min(low, Int(x.exponent) - (52 - (x.significandBitPattern | 1 << 52).trailingZeroBitCount))
            high = max(high, Int(x.exponent) + 1)
        }
        return low == .max ? nil : (low, high)
    }

    /// One row of the product (`k > 0`): `row` holds `k` values, `b` is `k×n` row-major;
    /// output element `j` of this row is number `firstOutput + j`.
    func multiplyRow(
        _ row: UnsafePointer<Double>, _ b: UnsafePointer<Double>, k: Int, n: Int, into out: UnsafeMutablePointer<Double>,
        firstOutput: Int, stream: RandomStream
    ) {
        let stochastic = accumulator.mode.isStochastic
        let negated = accumulator.mode == .down
        // Output `firstOutput + j`'s word for a rounding, in wrapping arithmetic stepped across
        // `j`, so that drawing the words is the generator alone.
        let perOutput = WordCounter.wordsPerOutput(count: k)
        let firstWords = UInt64(truncatingIfNeeded: firstOutput) &* perOutput
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: stochastic ? n : 0) { words in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: chunk > 1 ? n : 0) { chunkSums in
                out.update(repeating: accumulator.accumulationStart, count: n)
                for (rounding, start) in stride(from: 0, to: k, by: chunk).enumerated() {
                    if stochastic {
                        let first = firstWords &+ UInt64(truncatingIfNeeded: rounding)
                        for j in 0..<n { words[j] = stream.word(at: first &+ UInt64(truncatingIfNeeded: j) &* perOutput) }
                    }
                    let randomWords = stochastic ? UnsafePointer(words.baseAddress) : nil
                    if chunk == 1 {
                        accumulator.accumulate(into: out, adding: row[start], times: b + start * n, count: n, randomWords: randomWords)
                        continue
                    }
                    let sums = chunkSums.baseAddress!
                    sums.update(repeating: -0.0, count: n)
                    for t in start..<min(start + chunk, k) {
                        let x = negated ? -row[t] : row[t]
                        let terms = b + t * n
                        for j in 0..<n { sums[j] += x * terms[j] }
                    }
                    accumulator.accumulate(into: out, adding: negated ? -1 : 1, times: sums, count: n, randomWords: randomWords)
                }
            }
        }
    }
}
