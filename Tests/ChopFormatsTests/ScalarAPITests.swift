import ChopFormats
import ChopTestSupport
import Testing

/// The one-value API (`FloatFormat.round(_:_:)`, which uses the plan the format carries) and
/// the prepared rounder are one rounding.
@Suite("Scalar API")
struct ScalarAPITests {
    @Test("the format's one-value round equals its prepared rounder's in every mode, stochastic ones with the same draws")
    func formatRoundEqualsRounder() throws {
        var generator = Xoshiro256(seed: 181)
        let formats: [FloatFormat] = [.binary16, .bfloat16, .e4m3fn, .e5m2fnuz, .e2m1, .e8m0, .tf32, try FloatFormat(named: "binary8p3")]
        let modes = RoundingMode.deterministicModes + [.stochastic(), .stochastic(randomBits: 5), .stochasticEqual]
        for format in formats {
            for mode in modes {
                let rounder = try FloatRounder(format: format, mode: mode)
                for _ in 0..<2000 {
                    let x = Double(sign: .plus, exponent: Int.random(in: -140...140, using: &generator), significand: 1)
                        * Double.random(in: -2...2, using: &generator)
                    var (a, b) = (Xoshiro256(seed: x.bitPattern), Xoshiro256(seed: x.bitPattern))
                    let got = format.round(x, mode, using: &a)
                    let expected = rounder.round(x, using: &b)
                    #expect(got.bitPattern == expected.bitPattern || (got.isNaN && expected.isNaN), "\(format.name) \(mode) \(x)")
                    if !mode.isStochastic {
                        #expect(format.round(x, mode).bitPattern == expected.bitPattern || expected.isNaN)
                    }
                }
            }
        }
    }
}
