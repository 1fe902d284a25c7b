import ChopFormats
import RealModule
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

    @Test("the typed-scalar snippet's values")
    func typedScalars() throws {
        let x: BFloat16 = 1.0 / 3
        #expect(x.doubleValue == 0.333984375 && x.description == "0.334")
        #expect(Float8E5M2(1.125 + 0x1p-30) == 1.25)
        #expect(Float8E4M3FN(464) == 448 && Float8E4M3FN(465).doubleValue.isNaN)
        #expect(readmeNorm([3, 4] as [BFloat16]) == 5)
        #expect(Float12E5M6(1.01).doubleValue == 1.015625)

        let context = try RoundingContext(mode: .stochastic(), seed: 7, countsExceptions: true)
        let total = context.run {
            var s: BFloat16 = 0
            for _ in 0..<100_000 { s += 0.001 }
            return s
        }
        // Near 100 the bfloat16 ulp is 0.5: each addition jumps by it with probability
        // 0.002, so the sum's standard deviation is about 7; 40 is more than 5 of them.
        #expect(abs(total.doubleValue - 100) < 40, "\(total)")
        #expect(context.exceptions.inexact > 90_000 && context.exceptions.overflow == 0)
        var nearest: BFloat16 = 0
        for _ in 0..<100_000 { nearest += 0.001 }
        #expect(nearest == 0.5)

        let e5m2 = try FloatRounder(format: .e5m2, mode: .towardZero)
        #expect(e5m2.difference(1, 0x1p-40) == 0.875)
    }
}

func readmeNorm<T: Real>(_ v: [T]) -> T { .sqrt(v.reduce(0) { $0 + $1 * $1 }) }

enum E5M6: IEEEMinifloatFormat {
    static let arithmetic = FormatArithmetic(try! FloatFormat(exponentBits: 5, significandBits: 6))
}
typealias Float12E5M6 = Minifloat<E5M6>
