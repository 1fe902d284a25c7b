import ChopFormats
import ChopTestSupport
import Testing

#if MPFR
import MPFROracle

/// ``ExactSum`` rounded once against GNU MPFR's exact dot product: vectors whose products
/// span binary64's whole range and beyond (so only an exact accumulator gets them right),
/// with cancellation to zero and to tiny remainders, in every deterministic mode.
@Suite("Exact sums against GNU MPFR")
struct ExactSumOracleTests {
    /// A random double of random sign with its exponent drawn from `exponents`.
    static func value(_ exponents: ClosedRange<Int>, _ generator: inout Xoshiro256) -> Double {
        let significand = Double(generator.next() >> 11) * 0x1p-53 + 1
        let sign: Double = generator.next() & 1 == 0 ? 1 : -1
        return sign * Double(sign: .plus, exponent: Int.random(in: exponents, using: &generator), significand: significand)
    }

    /// Vectors of a few kinds: one exponent range, wildly mixed ranges, and x·y paired with
    /// -x·y so that most of the sum cancels.
    static func vectors(_ kind: Int, length: Int, _ generator: inout Xoshiro256) -> ([Double], [Double]) {
        var a: [Double] = []
        var b: [Double] = []
        for i in 0..<length {
            switch kind {
            case 0:
                a.append(value(-4...4, &generator))
                b.append(value(-4...4, &generator))
            case 1:
                a.append(value(-1074...1023, &generator))
                b.append(value(-1074...1023, &generator))
            default:
                if i % 2 == 1 {
                    a.append(-a[i - 1])
                    b.append(b[i - 1])
                } else {
                    a.append(value(-60...60, &generator))
                    b.append(value(-60...60, &generator))
                }
            }
        }
        if kind == 2, generator.next() & 1 == 0 {
            // A tiny remainder under the cancelled bulk.
            a.append(0x1p-1000)
            b.append(value(-60...0, &generator))
        }
        return (a, b)
    }

    @Test("random dot products, rounded once, every deterministic mode")
    func dotProducts() throws {
        var generator = Xoshiro256(seed: 2026_11_21)
        let formats: [FloatFormat] = [.binary16, .bfloat16, .binary32, .e4m3fn, .binary64]
        var failures: [String] = []
        var checked = 0
        for format in formats {
            let oracle = OracleExpectation(format: format)
            for mode in RoundingMode.deterministicModes {
                let rounder = try FloatRounder(format: format, mode: mode)
                for trial in 0..<150 {
                    let (a, b) = Self.vectors(trial % 3, length: 1 + trial % 40, &generator)
                    var sum = ExactSum()
                    for (x, y) in zip(a, b) { sum.addProduct(x, y) }
                    let got = rounder.round(sum)
                    let expected = oracle.expectedDotProduct(a, b, mode: mode, overflow: rounder.overflow)
                    checked += 1
                    if !got.isIdentical(to: expected) {
                        failures.append("\(format) \(mode) trial \(trial): got \(got), MPFR \(expected)")
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(checked): \(failures.prefix(8).joined(separator: "\n"))")
    }

    @Test("special terms and signed zeros follow IEEE 754")
    func specialTerms() throws {
        let oracle = OracleExpectation(format: .binary32)
        let cases: [([Double], [Double])] = [
            ([], []), ([-0.0], [1]), ([-0.0, 0], [1, 1]), ([1, -1], [2, 2]), ([.infinity, 1], [1, 2]),
            ([.infinity, -.infinity], [1, 1]), ([0], [.infinity]), ([.nan, 1], [1, 1]), ([-0.0, -0.0], [1, 1]),
            ([0x1p1000, -0x1p1000], [0x1p1000, 0x1p1000]), ([0x1p1000, 1], [0x1p1000, 1]),
        ]
        for mode in RoundingMode.deterministicModes {
            let rounder = try FloatRounder(format: .binary32, mode: mode)
            for (a, b) in cases {
                var sum = ExactSum()
                for (x, y) in zip(a, b) { sum.addProduct(x, y) }
                let expected = oracle.expectedDotProduct(a, b, mode: mode, overflow: rounder.overflow)
                #expect(rounder.round(sum).isIdentical(to: expected), "\(a)·\(b) in \(mode): \(rounder.round(sum)) vs \(expected)")
            }
        }
    }
}

extension Double {
    /// The same double, NaNs equal to each other, +0 and -0 apart.
    fileprivate func isIdentical(to other: Double) -> Bool {
        (isNaN && other.isNaN) || bitPattern == other.bitPattern
    }
}
#endif
