import ChopFormats
import ChopTestSupport
import Testing

/// Stochastic rounding to posits: only the two neighbours,
/// frequencies proportional in value (Hoeffding bounds, total false failure below 1e-8),
/// limited random bits quantizing exactly, and the seed contract.
@Suite("Posit stochastic rounding")
struct PositStochasticTests {
    static let draws = 40_000
    /// Hoeffding: P(|p̂ - p| ≥ t) ≤ 2·exp(-2·N·t²) = 1e-10 per check.
    static let tolerance = (Double.log(2e10) / (2 * Double(draws))).squareRoot()

    @Test("frequencies follow (x - lower)/(upper - lower) in value, also where exponent bits are cut off", arguments: [
        (PositFormat.posit16, UInt64(0x4123)), (.posit16, 0x0012), (.posit8es0, 0x41), (.posit8, 0x7E), (.posit8, 0x02),
        (.posit16es1, 0x6543),
    ])
    func frequencies(_ format: PositFormat, _ lowerCode: UInt64) throws {
        let (lower, upper) = (try format.decode(lowerCode), try format.decode(lowerCode + 1))
        let stream = RandomStream(seed: lowerCode)
        for f in [1.0 / 1024, 0.25, 0.5, 0.75] {
            let x = lower + f * (upper - lower)
            #expect((x - lower) / (upper - lower) == f, "the point is exact")
            var ups = 0
            for i in 0..<Self.draws {
                let code = format.roundedCode(-x, mode: .stochastic(), randomWord: stream.word(at: UInt64(i)))
                let magnitude = -(try format.decode(code))
                #expect(magnitude == lower || magnitude == upper)
                if magnitude == upper { ups += 1 }
            }
            let frequency = Double(ups) / Double(Self.draws)
            #expect(abs(frequency - f) < Self.tolerance, "\(format.name) 0x\(String(lowerCode, radix: 16)) f = \(f): \(frequency)")
        }
    }

    @Test("posits stay, beyond maxpos is maxpos, below minpos is minpos, NaN is NaR, whatever the word")
    func fixedPoints() throws {
        let format = PositFormat.posit8
        let words: [UInt64] = [0, .max, 1 << 63, 0x1234_5678_9ABC_DEF0]
        for code in 0..<UInt64(256) where code != 0x80 {
            let value = try format.decode(code)
            for word in words {
                #expect(format.roundedCode(value, mode: .stochastic(), randomWord: word) == code)
                #expect(format.roundedCode(value, mode: .stochasticEqual, randomWord: word) == code)
            }
        }
        for word in words {
            #expect(format.roundedCode(1e30, mode: .stochastic(), randomWord: word) == 0x7F)
            #expect(format.roundedCode(-1e-30, mode: .stochastic(), randomWord: word) == 0xFF)
            #expect(format.roundedCode(.nan, mode: .stochastic(), randomWord: word) == 0x80)
        }
    }

    @Test("limited random bits: floor(f·2^R) of the 2^R top-bit patterns round away; stochastic-equal by the top bit")
    func limitedBits() throws {
        let format = PositFormat.posit16
        let (lower, upper) = (try format.decode(0x4000), try format.decode(0x4001))
        for (f, bits) in [(0.3, 2), (0.75, 2), (0.3, 5), (1.0 / 1024, 8)] {
            let x = lower + f * (upper - lower)
            let threshold = Int((f * Double(1 << bits)).rounded(.down))
            for pattern in 0..<(1 << bits) {
                let word = UInt64(pattern) << UInt64(64 - bits) | 0x5555  // low bits must not matter
                let away = format.roundedCode(x, mode: .stochastic(randomBits: bits), randomWord: word) == 0x4001
                #expect(away == (pattern < threshold), "f \(f), R \(bits), pattern \(pattern)")
            }
        }
        let x = lower + 0.001 * (upper - lower)
        #expect(format.roundedCode(x, mode: .stochasticEqual, randomWord: 1 << 63) == 0x4001)
        #expect(format.roundedCode(x, mode: .stochasticEqual, randomWord: (1 << 63) - 1) == 0x4000)
    }

    @Test("arrays: the same seed gives the same bits for any thread count and chunking")
    func reproducible() {
        var generator = Xoshiro256(seed: 77)
        let values = (0..<50_000).map { _ in Double.random(in: -100...100, using: &generator) }
        func rounded(threads: Int, split: Int?) -> [Double] {
            var copy = values
            copy.withUnsafeMutableBufferPointer { buffer in
                if let split {
                    PositFormat.posit16.round(UnsafeMutableBufferPointer(rebasing: buffer[..<split]), mode: .stochastic(), seed: 9, firstIndex: 0, threads: threads)
                    PositFormat.posit16.round(UnsafeMutableBufferPointer(rebasing: buffer[split...]), mode: .stochastic(), seed: 9, firstIndex: split, threads: threads)
                } else {
                    PositFormat.posit16.round(buffer, mode: .stochastic(), seed: 9, threads: threads)
                }
            }
            return copy
        }
        let one = rounded(threads: 1, split: nil)
        #expect(rounded(threads: 3, split: nil) == one)
        #expect(rounded(threads: 2, split: 12_345) == one)
        var other = values
        other.withUnsafeMutableBufferPointer { PositFormat.posit16.round($0, mode: .stochastic(), seed: 10) }
        #expect(other != one)
        #expect(one.allSatisfy { (try? PositFormat.posit16.encode($0)) != nil })
    }
}
