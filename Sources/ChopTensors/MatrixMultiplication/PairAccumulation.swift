import ChopFormats

/// The second fast loop of ``MatrixMultiplication``: sequential accumulation of exact
/// products in any accumulator and any mode (stochastic ones included), for inputs whose
/// products are exact doubles.
///
/// Why it is the model: each product `a·b` of inputs with at most 26 significant bits and
/// exponents within ±400 is an exact double; TwoSum turns `s + a·b` into an exact pair
/// `(head, tail)`, which the core rounds once (``FloatRounder/round(head:tail:randomWord:)``):
/// the exact `∘(s + a·b)` of the model, with the same random word (word `t` of the output's
/// run for step `t`, as ``Reduction`` numbers them).
struct PairAccumulation: Sendable {
    let accumulator: FloatRounder

    /// The loop for `model` on these inputs, or nil when it does not apply.
    init?(_ model: MatrixMultiplication, _ a: [Double], _ b: [Double]) {
        guard model.faults == nil, case .sequential = model.order, case .exact = model.products,
            let accumulator = model.accumulator as? FloatRounder, FastAccumulation.fit(a, 26), FastAccumulation.fit(b, 26)
        else { return nil }
        self.accumulator = accumulator
    }

    /// One row of the product (`k > 0`); output element `j` of this row is number `firstOutput + j`.
    func multiplyRow(
        _ row: UnsafePointer<Double>, _ columns: UnsafePointer<Double>, k: Int, n: Int,
        into out: UnsafeMutablePointer<Double>, firstOutput: Int, stream: RandomStream
    ) {
        let stochastic = accumulator.mode.isStochastic
        for j in 0..<n {
            let column = columns + j * k
            let first = UInt64(firstOutput + j) &* WordCounter.wordsPerOutput(count: k)
            var s = accumulator.round(row[0] * column[0], randomWord: stochastic ? stream.word(at: first) : 0)
            for t in 1..<k {
                let p = row[t] * column[t]
                let head = s + p
                let word = stochastic ? stream.word(at: first &+ UInt64(t)) : 0
                guard head.isFinite else {
                    // An overflowed running sum (or binary64 overflow): IEEE's rules, exactly.
                    s = accumulator.sum(s, p, randomWord: word)
                    continue
                }
                // TwoSum: head + tail == s + p exactly.
                let pPart = head - s
                let tail = (s - (head - pPart)) + (p - pPart)
                s = accumulator.round(head: head, tail: tail, randomWord: word)
            }
            out[j] = s
        }
    }
}
