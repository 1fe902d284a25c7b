import ChopFormats
import Testing

/// The README's library snippet, kept compiling and true.
@Suite("README example")
struct ReadmeExampleTests {
    @Test("the snippet's values")
    func snippet() throws {
        let e4m3 = try FloatFormat(named: "e4m3fn")
        #expect(e4m3.round(300) == 288)
        #expect(e4m3.round(0.1, .towardZero) == 0.09375)
        #expect(try e4m3.encode(448) == 0x7E)

        let rounder = try FloatRounder(format: .bfloat16, mode: .stochastic(), overflow: .saturate)
        var weights = [0.1, -2.5e-3, 3.0e38, 7.0]
        rounder.round(&weights, seed: 7, threads: 2)
        var again = [0.1, -2.5e-3, 3.0e38, 7.0]
        rounder.round(&again, seed: 7, threads: 1)
        #expect(weights == again)
        #expect(weights[3] == 7)

        var generator = WyRand(seed: 7)
        let y = rounder.round(0.1, using: &generator)
        #expect(y == 0.10009765625 || y == 0.099609375)
        let s = rounder.round(head: 1, tail: 0x1p-60, using: &generator)
        #expect(s == 1 || s == 1 + 0x1p-7)

        let wide = try FloatFormat(precision: 11, maxExponent: 1023)
        let rounded = wide.round(1e300)
        #expect(rounded != 1e300 && abs(rounded - 1e300) <= 1e300 * wide.unitRoundoff)
        #expect(try wide.encode(rounded) >> 10 != 0)
    }
}
