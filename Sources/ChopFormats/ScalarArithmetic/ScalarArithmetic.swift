/// The arithmetic of a scalar format prepared in one mode: every operation on doubles is its
/// exact result rounded once to the format (``FloatRounder`` for floats, ``PositRounder`` for
/// posits). Tensors compute through it whatever the family.
///
/// Stochastic modes read the top bits of `randomWord`; deterministic modes ignore it.
/// Special operands follow each family's rules: IEEE 754's for floats (see ``FloatRounder``),
/// and for posits NaR for any NaN or infinite operand or result (`x/0`, `√-1`, `∞ - ∞`).
public protocol ScalarArithmetic: FormatRounder where Format: ScalarFormat, Failure == FormatError {
    /// `x` rounded.
    func round(_ x: Double, randomWord: UInt64) -> Double
    /// The exact `head + tail` rounded once.
    func round(head: Double, tail: Double, randomWord: UInt64) -> Double
    func sum(_ a: Double, _ b: Double, randomWord: UInt64) -> Double
    func difference(_ a: Double, _ b: Double, randomWord: UInt64) -> Double
    func product(_ a: Double, _ b: Double, randomWord: UInt64) -> Double
    func quotient(_ a: Double, _ b: Double, randomWord: UInt64) -> Double
    func squareRoot(_ a: Double, randomWord: UInt64) -> Double
    /// `a × b + c` rounded once.
    func fusedMultiplyAdd(_ a: Double, _ b: Double, _ c: Double, randomWord: UInt64) -> Double
    /// An exact sum of many terms rounded once (for posits: what the quire does).
    func round(_ sum: ExactSum, randomWord: UInt64) -> Double
}

extension ScalarArithmetic {
    /// `values` with every element rounded, except that where `exactTails` names an index
    /// `i`, the exact value `values[i] + tail` is rounded instead (the exact decimal of a
    /// text file, say); element `i` draws the same random bits either way.
    public func rounded(
        _ values: [Double], exactTails: [(index: Int, tail: Double)], seed: UInt64, threads: Int = Parallelism.automatic
    ) -> [Double] {
        var result = values
        result.withUnsafeMutableBufferPointer { buffer in
            try! round(buffer, shape: [buffer.count], seed: seed, threads: threads)  // a flat shape always fits
        }
        let stream = RandomStream(seed: seed)
        for (index, tail) in exactTails {
            result[index] = round(
                head: values[index], tail: tail, randomWord: stream.word(at: UInt64(index), bits: mode.randomBitsPerElement))
        }
        return result
    }
}
