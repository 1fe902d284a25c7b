import ChopFormats
import ChopTestSupport
import Testing

#if MPFR
import MPFROracle

/// The typed scalars against GNU MPFR: the operators, `squareRoot`, `remainder` and the
/// fused multiply-add of ``Minifloat`` in a ``RoundingContext`` of each deterministic mode,
/// with the exceptions the context counts; stochastic contexts against the runtime path fed
/// with the context's random stream (itself checked against MPFR's exact thresholds).
@Suite("Typed scalars against GNU MPFR")
struct MinifloatOracleTests {
    /// Checks every pair (and, when `triples`, every triple for FMA) of values of `F`.
    static func checkExhaustively<F: MinifloatFormat>(_: F.Type, triples: Bool) throws {
        typealias T = Minifloat<F>
        let format = T.format
        let oracle = OracleExpectation(format: format)
        let values = (0..<UInt64(format.encodingCount)).compactMap { code in
            (try? format.decode(code)).map { _ in T(bitPattern: code) }
        }
        var failures: [String] = []
        func compare(_ got: T, _ expected: Double, _ what: @autoclosure () -> String) {
            let same = got.doubleValue.isNaN ? expected.isNaN : got.doubleValue.bitPattern == expected.bitPattern
            if !same && failures.count < 12 { failures.append("\(what()): \(got.doubleValue), expected \(expected)") }
        }
        for mode in RoundingMode.deterministicModes {
            let overflow = format.defaultOverflow
            let context = try RoundingContext(mode: mode, countsExceptions: true)
            var expectedCounts = ExceptionCounts()
            context.run {
                for a in values {
                    let root = oracle.expectedWithExceptions(.squareRoot, a.doubleValue, mode: mode, overflow: overflow)
                    compare(a.squareRoot(), root.value, "\(mode) √\(a.doubleValue)")
                    expectedCounts.count(root.exceptions)
                    for b in values {
                        let (x, y) = (a.doubleValue, b.doubleValue)
                        let cases: [(MPFRRounder.Operation, T)] = [
                            (.sum, a + b), (.difference, a - b), (.product, a * b), (.quotient, a / b),
                            (.remainder, a.remainder(dividingBy: b)),
                        ]
                        for (operation, got) in cases {
                            let expected = oracle.expectedWithExceptions(operation, x, y, mode: mode, overflow: overflow)
                            compare(got, expected.value, "\(mode) \(operation) \(x) \(y)")
                            expectedCounts.count(expected.exceptions)
                        }
                        guard triples else { continue }
                        for c in values {
                            let expected = oracle.expectedWithExceptions(
                                .fusedMultiplyAdd, x, y, c.doubleValue, mode: mode, overflow: overflow)
                            compare(c.addingProduct(a, b), expected.value, "\(mode) fma \(x) \(y) \(c.doubleValue)")
                            expectedCounts.count(expected.exceptions)
                        }
                    }
                }
            }
            if context.exceptions != expectedCounts {
                failures.append("\(mode): counted \(context.exceptions), expected \(expectedCounts)")
            }
        }
        #expect(failures.isEmpty, "\(format.name):\n\(failures.joined(separator: "\n"))")
    }

    /// 200,000 random pairs of values per deterministic mode, every binary operation, and FMA
    /// triples (the runtime path behind them has its million pairs in ArithmeticOracleTests).
    static func checkRandomPairs<F: IEEEMinifloatFormat>(_: F.Type, count: Int) throws {
        typealias T = Minifloat<F>
        let format = T.format
        let oracle = OracleExpectation(format: format)
        var failures: [String] = []
        for (index, mode) in RoundingMode.deterministicModes.enumerated() {
            var sampler = OperandSampler(format: format, seed: 0x5EED_0000 &+ UInt64(index))
            try RoundingContext(mode: mode).run {
                for _ in 0..<count {
                    let (x, y, z) = (sampler.value(), sampler.value(), sampler.value())
                    let (a, b, c) = (T(x), T(y), T(z))
                    let cases: [(MPFRRounder.Operation, T, Double)] = [
                        (.sum, a + b, 0), (.difference, a - b, 0), (.product, a * b, 0), (.quotient, a / b, 0),
                        (.remainder, a.remainder(dividingBy: b), 0), (.fusedMultiplyAdd, c.addingProduct(a, b), z),
                    ]
                    for (operation, got, third) in cases {
                        let expected = oracle.expected(operation, x, y, third, mode: mode, overflow: format.defaultOverflow)
                        let same = got.isNaN ? expected.isNaN : got.doubleValue.bitPattern == expected.bitPattern
                        if !same && failures.count < 12 {
                            failures.append("\(mode) \(operation) \(x) \(y) \(third): \(got.doubleValue), expected \(expected)")
                        }
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(format.name):\n\(failures.joined(separator: "\n"))")
    }

    @Test("binary16 and bfloat16: random pairs and triples in every deterministic mode")
    func sixteenBitFormats() throws {
        try Self.checkRandomPairs(HalfFormat.self, count: 200_000)
        try Self.checkRandomPairs(BFloat16Format.self, count: 200_000)
    }

    @Test("8-bit and smaller presets: every pair in every deterministic mode, with exception counts")
    func smallFormats() throws {
        try Self.checkExhaustively(Float8E5M2Format.self, triples: false)
        try Self.checkExhaustively(Float8E3M4Format.self, triples: false)
        try Self.checkExhaustively(Float8E4M3FNFormat.self, triples: false)
        try Self.checkExhaustively(Float8E4M3FNUZFormat.self, triples: false)
        try Self.checkExhaustively(Float8E5M2FNUZFormat.self, triples: false)
        try Self.checkExhaustively(Float8E4M3B11FNUZFormat.self, triples: false)
        try Self.checkExhaustively(Float8E8M0FNUFormat.self, triples: false)
        try Self.checkExhaustively(Float6E3M2FNFormat.self, triples: true)
        try Self.checkExhaustively(Float6E2M3FNFormat.self, triples: true)
        try Self.checkExhaustively(Float4E2M1FNFormat.self, triples: true)
    }
}

#endif
