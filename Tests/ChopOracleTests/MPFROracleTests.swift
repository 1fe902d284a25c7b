import ChopFormats
import ChopTestSupport
import Testing

#if MPFR
/// Every format under test, every deterministic mode and every overflow behaviour, against
/// GNU MPFR: all values (or, above 16 bits, the values of a dozen edge binades and random
/// codes), every midpoint and the doubles one ulp either side, the overflow threshold and
/// its neighbours, the subnormal range, ±0, ±∞, NaNs and 100,000 random doubles; each
/// one by the scalar path and in an array.
@Suite("Rounding against GNU MPFR")
struct MPFROracleTests {
    @Test("doubles: every format, mode and overflow behaviour", arguments: TestFormats.all)
    func doubles(_ format: FloatFormat) throws {
        let oracle = OracleExpectation(format: format)
        let inputs = EdgeInputs(format: format, randomCount: 100_000)
        let everything = inputs.all
        let nearOverflow = inputs.overflowSensitive
        var failures: [String] = []
        var checked = 0
        for overflow in TestFormats.overflowBehaviors(of: format) {
            // Other behaviours differ only where overflow or infinities are possible.
            let values = overflow == format.defaultOverflow ? everything : nearOverflow
            // The array loops too, long enough that up and down round in the hardware's
            // direction where the format allows it.
            let array = Array(repeatElement(values, count: 300 / values.count + 1).joined())
            for mode in RoundingMode.deterministicModes {
                let rounder = try FloatRounder(format: format, mode: mode, overflow: overflow)
                let arrayResults = rounder.rounded(array, threads: 1)
                for (i, x) in values.enumerated() {
                    let expected = oracle.expected(x, mode: mode, overflow: overflow)
                    for (path, actual) in [("scalar", rounder.round(x)), ("array", arrayResults[i])] {
                        checked += 1
                        if !sameValue(actual, expected), failures.count < 12 {
                            failures.append("\(path) \(mode) \(overflow) \(describe(x)) → \(describe(actual)), MPFR \(describe(expected))")
                        }
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(format): \(failures.joined(separator: "\n"))")
        #expect(checked >= 700_000, "\(format): only \(checked) roundings checked")
    }

    @Test("exact pairs head + tail: every format and deterministic mode", arguments: TestFormats.all)
    func pairs(_ format: FloatFormat) throws {
        let oracle = OracleExpectation(format: format)
        var generator = Xoshiro256(seed: 77)
        // Midpoints and values with tails that break or make ties, and random pairs.
        let points = EdgeInputs(format: format, randomCount: 20_000, sampledCodes: 500).all.filter { $0.isFinite && $0 != 0 }
        var pairs: [(Double, Double)] = []
        for point in points {
            let tail: Double
            switch generator.next() % 4 {
            case 0: tail = point.ulp / 2 * (generator.next() & 1 == 0 ? 1 : -1)
            case 1: tail = point.ulp * 0x1p-30 * (generator.next() & 1 == 0 ? 1 : -1)
            case 2: tail = point.ulp * Double.random(in: -0.5...0.5, using: &generator)
            default: tail = point.ulp.ulp  // far below: only the sticky bit
            }
            pairs.append((point, tail))
        }
        var failures: [String] = []
        for mode in RoundingMode.deterministicModes {
            let rounder = try FloatRounder(format: format, mode: mode)
            for (head, tail) in pairs {
                let expected = oracle.expected(head, tail, mode: mode, overflow: format.defaultOverflow)
                let actual = rounder.round(head: head, tail: tail)
                if !sameValue(actual, expected), failures.count < 12 {
                    failures.append("\(mode) \(describe(head)) + \(describe(tail)) → \(describe(actual)), MPFR \(describe(expected))")
                }
            }
        }
        #expect(failures.isEmpty, "\(format): \(failures.joined(separator: "\n"))")
    }

    @Test("Float arrays agree with MPFR for every format that fits float32")
    func floatArrays() throws {
        var generator = Xoshiro256(seed: 21)
        let singles: [Float] = (0..<50_000).map { index in
            index % 10 == 0 ? Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()))
                : Float.random(in: -70_000...70_000, using: &generator) * (index % 3 == 0 ? 0x1p-20 : 1)
        }
        for format in TestFormats.all where format.precision <= 24 && format.maxExponent <= 127 {
            let oracle = OracleExpectation(format: format)
            for mode in RoundingMode.deterministicModes {
                let rounder = try FloatRounder(format: format, mode: mode)
                let results = try rounder.rounded(singles)
                let mismatches = zip(singles, results).filter { x, result in
                    !sameValue(Double(result), oracle.expected(Double(x), mode: mode, overflow: rounder.overflow))
                }
                #expect(mismatches.isEmpty, "\(format) \(mode): \(mismatches.prefix(5))")
            }
        }
    }
}
#endif

/// Where the oracle is not built, say so visibly, and fail if it was required.
@Suite("GNU MPFR oracle availability")
struct OracleAvailabilityTests {
    @Test("the MPFR oracle is built into this test run")
    func oracleIsBuilt() throws {
        #if MPFR
        #expect(Bool(true))
        #else
        let required = Environment.value("CHOP_REQUIRE_MPFR") == "1"
        if required {
            Issue.record("CHOP_REQUIRE_MPFR=1 but the MPFR trait is off: run `swift test --traits MPFR`")
        } else {
            withKnownIssue("the MPFR oracle is not built: run `swift test --traits MPFR` (Tests/run installs libmpfr-dev)") {
                Issue.record("MPFR oracle skipped")
            }
        }
        #endif
    }
}
