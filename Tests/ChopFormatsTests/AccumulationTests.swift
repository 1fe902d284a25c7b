import ChopFormats
import Testing

@Suite("Rounded accumulation")
struct AccumulationTests {
    /// bfloat16 (q = 2^-7 at 1) with 52 random bits: a threshold `(k + 1)·2^-52` quanta is
    /// finer than the step to odd keeps, so a sum that is not a double must be decided on its
    /// exact value. In units of 2^-59 (2^-52 quanta) above 1, with the word's top bits `k`:
    /// - `1 + (1 - 2^-8)·2^-45·(1 + 2^-8)` is `1 + 2^-45 - 2^-61`: the double `1 + 2^-45`
    ///   (16384 units) with a tail of -2^-61. The threshold `k + 1 = 16384` lies just above the
    ///   exact sum: it stays at 1, where the head alone would go away.
    /// - `1 + (1 + 2^-7)·2^-45·(1 + 2^-7)` is `1 + 2^-45 + 2^-51 + 2^-59`: the double
    ///   `1 + 2^-45 + 2^-51` (16640 units) with a tail of one unit. The threshold `16641` is the
    ///   exact sum: it goes to `1 + 2^-7`, where the head alone would stay.
    @Test("52 random bits: a sum that is not a double is decided by its tail at an exact threshold", arguments: [1, 2, 9, 300])
    func tailDecidesAtThreshold(_ count: Int) throws {
        let rounder = try FloatRounder(format: .bfloat16, mode: .stochastic())
        let cases: [(x: Double, term: Double, k: UInt64, expected: Double)] = [
            (1 - 0x1p-8, 0x1p-45 * (1 + 0x1p-8), 16383, 1), (1 + 0x1p-7, 0x1p-45 * (1 + 0x1p-7), 16640, 1 + 0x1p-7),
        ]
        for (x, term, k, expected) in cases {
            var sums = [Double](repeating: 1, count: count)
            let terms = [Double](repeating: term, count: count)
            let words = [UInt64](repeating: k << 12, count: count)
            sums.withUnsafeMutableBufferPointer { sums in
                terms.withUnsafeBufferPointer { terms in
                    words.withUnsafeBufferPointer { words in
                        rounder.accumulate(
                            into: sums.baseAddress!, adding: x, times: terms.baseAddress!, count: count,
                            randomWords: words.baseAddress!)
                    }
                }
            }
            #expect(sums.allSatisfy { $0 == expected }, "k = \(k): \(sums.prefix(3)), expected \(expected)")
        }
    }
}
