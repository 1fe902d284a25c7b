import ChopFormats
import ChopTestSupport
import Testing

#if MPFR
import MPFROracle

/// Emulated arithmetic against GNU MPFR, through the runtime API, the typed-scalar path and
/// the exact path with its exceptions (``OperationChecker``).
///
/// - every operation on every pair of values of every format of 8 bits or fewer, in every
///   deterministic mode (and every overflow behaviour for sums and products), and every
///   triple for the fused multiply-add on the formats of 6 bits or fewer;
/// - binary16 and bfloat16: every square root and 1,000,000 random operand pairs per
///   operation and mode;
/// - every format under test, up to binary64's precision and range: random values, random
///   doubles, and operands built so that the exact result lies within binary64's ulp of a
///   value or midpoint of the format;
/// - stochastic rounding: the result for the word on either side of MPFR's exact threshold
///   `floor(f·2^R)`, exhaustively on the 8-bit presets and on built operands for every format.
@Suite("Arithmetic against GNU MPFR")
struct ArithmeticOracleTests {
    /// Every value of a format, NaN and infinities included (each encoding once).
    static func values(of format: FloatFormat) -> [Double] {
        (0..<UInt64(format.encodingCount)).compactMap { try? format.decode($0) }
    }

    static let binaryOperations: [MPFRRounder.Operation] = [.sum, .difference, .product, .quotient, .remainder]

    static func report(_ checkers: [OperationChecker], expectedCount: Int? = nil, _ label: String) {
        let failures = checkers.flatMap(\.failures)
        #expect(failures.isEmpty, "\(label): \(failures.prefix(12).joined(separator: "\n"))")
        let checked = checkers.map(\.checked).reduce(0, +)
        if let expectedCount { #expect(checked == expectedCount, "\(label): \(checked) checks") }
        // CHOP_COUNT_CHECKS=1 prints how many operations each test compared (for the README).
        if Environment.value("CHOP_COUNT_CHECKS") == "1" { print("checks \(label): \(checked)") }
    }

    @Test("every pair of values, every operation and deterministic mode", arguments: TestFormats.small)
    func exhaustivePairs(_ format: FloatFormat) throws {
        let values = Self.values(of: format)
        var checkers: [OperationChecker] = []
        var expected = 0
        for overflow in TestFormats.overflowBehaviors(of: format) {
            let isDefault = overflow == format.defaultOverflow
            // One checker per mode; each operand tuple's exact result is computed once for all.
            let modeCheckers = try RoundingMode.deterministicModes.map {
                OperationChecker(rounder: try FloatRounder(format: format, mode: $0, overflow: overflow))
            }
            let operations: [MPFRRounder.Operation] = isDefault ? Self.binaryOperations : [.sum, .product]
            for a in values {
                if isDefault { OperationChecker.check(modeCheckers, .squareRoot, a) }
                for b in values {
                    for operation in operations { OperationChecker.check(modeCheckers, operation, a, b) }
                }
            }
            expected += modeCheckers.count * values.count * ((isDefault ? 1 : 0) + operations.count * values.count)
            checkers += modeCheckers
        }
        Self.report(checkers, expectedCount: expected, "pairs \(format)")
    }

    @Test("fused multiply-add: every triple of values", arguments: TestFormats.small.filter { $0.bitWidth <= 6 })
    func exhaustiveTriples(_ format: FloatFormat) throws {
        let values = Self.values(of: format)
        var checkers: [OperationChecker] = []
        for mode in RoundingMode.deterministicModes {
            let checker = OperationChecker(rounder: try FloatRounder(format: format, mode: mode))
            for a in values {
                for b in values {
                    for c in values { checker.check(.fusedMultiplyAdd, a, b, c) }
                }
            }
            checkers.append(checker)
        }
        Self.report(checkers, expectedCount: 7 * values.count * values.count * values.count, "triples \(format)")
    }

    @Test("16-bit formats: every square root, a million random pairs per operation and mode",
          arguments: [FloatFormat.binary16, .bfloat16])
    func sixteenBitFormats(_ format: FloatFormat) throws {
        let values = Self.values(of: format)
        // One checker per mode; each operand tuple's exact result is computed once for all.
        let checkers = try RoundingMode.deterministicModes.map { OperationChecker(rounder: try FloatRounder(format: format, mode: $0)) }
        var sampler = OperandSampler(format: format, seed: 16)
        for a in values { OperationChecker.check(checkers, .squareRoot, a) }
        for operation in Self.binaryOperations + [.fusedMultiplyAdd] {
            for index in 0..<1_000_000 {
                // Half uniformly random codes, half operands of nearby magnitudes.
                let a = sampler.value()
                let b = index & 1 == 0 ? sampler.value() : sampler.value(near: a)
                let c = operation == .fusedMultiplyAdd ? sampler.value(near: a * b) : 0
                OperationChecker.check(checkers, operation, a, b, c)
            }
        }
        Self.report(checkers, expectedCount: 7 * (values.count + 6 * 1_000_000), "sixteen \(format)")
    }

    @Test("every format: random values, random doubles, and results next to boundaries", arguments: TestFormats.all)
    func everyFormat(_ format: FloatFormat) throws {
        // One checker per mode; each operand tuple's exact result is computed once for all.
        let checkers = try RoundingMode.deterministicModes.map { OperationChecker(rounder: try FloatRounder(format: format, mode: $0)) }
        var sampler = OperandSampler(format: format, seed: 53)
        Self.checkBuiltOperands(&sampler, count: 4_000) { operation, a, b, c, areValues in
            OperationChecker.check(checkers, operation, a, b, c, operandsAreValues: areValues)
        }
        Self.report(checkers, "built \(format)")
    }

    @Test("stochastic rounding: every pair of values of the 8-bit presets, at the exact thresholds",
          arguments: TestFormats.small.filter { format in FloatFormat.presets.contains { $0.format == format } })
    func stochasticPairs(_ format: FloatFormat) throws {
        let values = Self.values(of: format)
        var checkers: [OperationChecker] = []
        for mode in [RoundingMode.stochastic(), .stochastic(randomBits: 3), .stochasticEqual] {
            let checker = OperationChecker(rounder: try FloatRounder(format: format, mode: mode))
            var sampler = OperandSampler(format: format, seed: 5)
            for a in values {
                checker.checkStochastic(.squareRoot, a, randomWord: sampler.word())
                for b in values {
                    for operation in [MPFRRounder.Operation.sum, .product, .quotient] {
                        checker.checkStochastic(operation, a, b, randomWord: sampler.word())
                    }
                }
            }
            checkers.append(checker)
        }
        Self.report(checkers, "stochastic-pairs \(format)")
    }

    @Test("stochastic rounding: built operands for every format, at the exact thresholds", arguments: TestFormats.all)
    func stochasticEveryFormat(_ format: FloatFormat) throws {
        var checkers: [OperationChecker] = []
        for mode in [RoundingMode.stochastic(), .stochastic(randomBits: 11), .stochasticEqual] {
            let checker = OperationChecker(rounder: try FloatRounder(format: format, mode: mode))
            var sampler = OperandSampler(format: format, seed: 7)
            var words = Xoshiro256(seed: 8)
            Self.checkBuiltOperands(&sampler, count: 1_000) { operation, a, b, c, areValues in
                checker.checkStochastic(operation, a, b, c, randomWord: words.next(), operandsAreValues: areValues)
            }
            checkers.append(checker)
        }
        Self.report(checkers, "stochastic-built \(format)")
    }

    /// Feeds `check` with `count` operand sets per kind: random values, values of nearby
    /// magnitudes, random doubles (not values of the format), and doubles built so that the
    /// exact sum, product, quotient, root or fused multiply-add lies within binary64's ulp of
    /// a value or midpoint of the format (where the hardware result alone cannot decide).
    static func checkBuiltOperands(
        _ sampler: inout OperandSampler, count: Int,
        _ check: (MPFRRounder.Operation, Double, Double, Double, Bool) -> Void
    ) {
        for _ in 0..<count {
            let a = sampler.value()
            let b = sampler.value()
            let near = sampler.value(near: a)
            for operation in binaryOperations {
                check(operation, a, b, 0, true)
                check(operation, a, near, 0, true)
            }
            check(.squareRoot, a.magnitude, 0, 0, true)
            check(.fusedMultiplyAdd, a, b, sampler.value(near: a * b), true)
            let (x, y) = (sampler.double(), sampler.double())
            for operation in binaryOperations { check(operation, x, y, 0, false) }
            check(.fusedMultiplyAdd, x, y, sampler.double(), false)
            // Exact results next to a boundary m.
            let m = sampler.boundary()
            check(.quotient, m * y, y, 0, false)
            check(.squareRoot, m * m, 0, 0, false)
            check(.product, x, m / x, 0, false)
            check(.sum, m, x.ulp * 0x1p-20 * (x < 0 ? -1 : 1), 0, false)
            check(.fusedMultiplyAdd, a, b, m - a * b, false)
            check(.fusedMultiplyAdd, a, b, -(a * b), false)
            // Sums of two values a hair from a midpoint of a's binade: a + (q/2)(1 ± 2^(1-p)),
            // q a's quantum. For p = 27 the hair is half a binary64 ulp: the sum rounded to
            // binary64 lands on the midpoint (the double rounding a p ≥ 27 shortcut would hit).
            let format = sampler.format
            if a != 0 && a.isFinite && format.precision < 53 {
                let exponent = max(Int(a.exponent), format.minExponent) - format.precision + 1
                let halfQuantum = Double(sign: .plus, exponent: exponent - 1, significand: 1)
                let hair = Double(sign: .plus, exponent: exponent - format.precision, significand: 1)
                for b in [halfQuantum + hair, halfQuantum - hair, -(halfQuantum + hair), -(halfQuantum - hair)] {
                    let isValue = format.round(b, .toNearestOrEven) == b
                    check(.sum, a, b, 0, isValue)
                    check(.difference, a, b, 0, isValue)
                }
            }
        }
    }
}
#endif
