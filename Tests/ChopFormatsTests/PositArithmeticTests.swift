import ChopFormats
import ChopTestSupport
import Testing

/// Posit arithmetic on codes: every operation is the exact result rounded once by the
/// standard's rule (or by another mode, the package's extension), checked against the exact reference: every pair of
/// posit8 (es 0, 1, 2), every FMA triple of posit6, random pairs and triples beyond.
@Suite("Posit arithmetic")
struct PositArithmeticTests {
    enum Operation: String, CaseIterable, Sendable { case sum, difference, product, quotient }

    static func reference(
        _ operation: Operation, _ a: UInt64, _ b: UInt64, n: Int, es: Int, mode: RoundingMode = .toNearestOrEven
    ) -> UInt64 {
        let nar = UInt64(1) << UInt64(n - 1)
        guard let x = PositReference.signedValue(a, n: n, es: es), let y = PositReference.signedValue(b, n: n, es: es) else { return nar }
        switch operation {
        case .sum: return PositReference.roundedCode(PositReference.sum(x, y), n: n, es: es, mode: mode)
        case .difference: return PositReference.roundedCode(PositReference.sum(x, (!y.negative, y.magnitude)), n: n, es: es, mode: mode)
        case .product: return PositReference.roundedCode(PositReference.product(x, y), n: n, es: es, mode: mode)
        case .quotient:
            guard y.magnitude.significand != 0 else { return nar }
            guard x.magnitude.significand != 0 else { return 0 }
            // v against |x|/|y|: v·|y| against |x|, exactly.
            return PositReference.roundedCode(negative: x.negative != y.negative, n: n, es: es, mode: mode) { v in
                PositReference.Exact(significand: v.significand * y.magnitude.significand, exponent: v.exponent + y.magnitude.exponent)
                    .compare(x.magnitude)
            }
        }
    }

    static func compute(
        _ operation: Operation, _ format: PositFormat, _ a: UInt64, _ b: UInt64, mode: RoundingMode = .toNearestOrEven
    ) -> UInt64 {
        switch operation {
        case .sum: format.sum(a, b, mode: mode)
        case .difference: format.difference(a, b, mode: mode)
        case .product: format.product(a, b, mode: mode)
        case .quotient: format.quotient(a, b, mode: mode)
        }
    }

    static func check(
        _ format: PositFormat, pairs: some Sequence<(UInt64, UInt64)>, modes: [RoundingMode] = [.toNearestOrEven]
    ) -> Int {
        var mismatches = 0
        for (a, b) in pairs {
            for operation in Operation.allCases {
                for mode in modes {
                    let expected = reference(operation, a, b, n: format.bitWidth, es: format.exponentSize, mode: mode)
                    let got = compute(operation, format, a, b, mode: mode)
                    if got != expected {
                        mismatches += 1
                        if mismatches <= 5 {
                            Issue.record("\(format.name) \(operation) \(mode) 0x\(String(a, radix: 16)), 0x\(String(b, radix: 16)): 0x\(String(got, radix: 16)), expected 0x\(String(expected, radix: 16))")
                        }
                    }
                }
            }
        }
        return mismatches
    }

    @Test("every pair of posit8 (es 0, 1, 2): +, -, ×, ÷", arguments: [0, 1, 2])
    func everyPosit8Pair(_ es: Int) throws {
        let format = try PositFormat(bitWidth: 8, exponentSize: es)
        let pairs = (0..<UInt64(256)).lazy.flatMap { a in (0..<UInt64(256)).lazy.map { (a, $0) } }
        #expect(Self.check(format, pairs: pairs) == 0)
    }

    @Test("every pair of posit8 and posit6es1 in every deterministic mode (the package's extension of the standard)",
          arguments: [(8, 2), (6, 1)])
    func everyPairEveryMode(_ n: Int, _ es: Int) throws {
        let format = try PositFormat(bitWidth: n, exponentSize: es)
        let count = UInt64(1) << UInt64(n)
        let pairs = (0..<count).lazy.flatMap { a in (0..<count).lazy.map { (a, $0) } }
        #expect(Self.check(format, pairs: pairs, modes: RoundingMode.deterministicModes) == 0)
    }

    @Test("1,000,000 random pairs of posit16 (es 2 and 1): +, -, ×, ÷", arguments: [PositFormat.posit16, .posit16es1])
    func randomPosit16Pairs(_ format: PositFormat) {
        var generator = Xoshiro256(seed: 16 + UInt64(format.exponentSize))
        let pairs = (0..<1_000_000).map { _ in (generator.next() & 0xFFFF, generator.next() & 0xFFFF) }
        #expect(Self.check(format, pairs: pairs) == 0)
    }

    @Test("square roots: every posit8 (es 0, 1, 2) and posit16 code", arguments: [
        PositFormat.posit8, .posit8es0, try! PositFormat(bitWidth: 8, exponentSize: 1), .posit16, .posit16es1,
    ])
    func squareRoots(_ format: PositFormat) {
        let (n, es) = (format.bitWidth, format.exponentSize)
        var mismatches = 0
        for a in 0..<(UInt64(1) << UInt64(n)) {
            let expected: UInt64
            if let x = PositReference.signedValue(a, n: n, es: es), !x.negative || x.magnitude.significand == 0 {
                expected = x.magnitude.significand == 0 ? 0 : PositReference.roundedCode(negative: false, n: n, es: es) { v in
                    PositReference.Exact(significand: v.significand * v.significand, exponent: 2 * v.exponent).compare(x.magnitude)
                }
            } else {
                expected = UInt64(1) << UInt64(n - 1)
            }
            if format.squareRoot(a) != expected { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test("fused multiply-add: every triple of posit6 (es 0, 1, 2), 300,000 random posit8 and posit16 triples", arguments: [
        (6, 0), (6, 1), (6, 2), (8, 0), (8, 2), (16, 2),
    ])
    func fusedMultiplyAdd(_ n: Int, _ es: Int) throws {
        let format = try PositFormat(bitWidth: n, exponentSize: es)
        let count = UInt64(1) << UInt64(n)
        var generator = Xoshiro256(seed: UInt64(n * 10 + es))
        let triples: [(UInt64, UInt64, UInt64)] = n == 6
            ? (0..<count).flatMap { a in (0..<count).flatMap { b in (0..<count).map { (a, b, $0) } } }
            : (0..<300_000).map { _ in (generator.next() % count, generator.next() % count, generator.next() % count) }
        var mismatches = 0
        for (a, b, c) in triples {
            var expected = UInt64(1) << UInt64(n - 1)
            if let x = PositReference.signedValue(a, n: n, es: es), let y = PositReference.signedValue(b, n: n, es: es),
                let z = PositReference.signedValue(c, n: n, es: es)
            {
                expected = PositReference.roundedCode(PositReference.sum(PositReference.product(x, y), z), n: n, es: es)
            }
            if format.fusedMultiplyAdd(a, b, c) != expected { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test("posit32 and posit64: random pairs near 1 and across the range against the exact reference", arguments: [PositFormat.posit32, .posit64])
    func widePairs(_ format: PositFormat) {
        var generator = Xoshiro256(seed: UInt64(format.bitWidth))
        let mask: UInt64 = format.bitWidth == 64 ? .max : (1 << UInt64(format.bitWidth)) - 1
        // Codes near 1 (long fractions) and anywhere; products and quotients only: sums of
        // far-apart posit64 values exceed the reference's 128-bit alignment.
        let pairs = (0..<4000).map { i in
            i % 2 == 0
                ? ((0x4000_0000_0000_0000 >> UInt64(64 - format.bitWidth)) ^ (generator.next() & (mask >> 4)), (0x4000_0000_0000_0000 >> UInt64(64 - format.bitWidth)) ^ (generator.next() & (mask >> 4)))
                : (generator.next() & mask, generator.next() & mask)
        }
        var mismatches = 0
        for (a, b) in pairs {
            for operation in [Operation.product, .quotient] {
                let expected = Self.reference(operation, a, b, n: format.bitWidth, es: format.exponentSize)
                if Self.compute(operation, format, a, b) != expected { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("order: NaR below every real and equal to itself; codes order like values")
    func order() throws {
        let format = PositFormat.posit8
        let nar: UInt64 = 0x80
        #expect(format.orders(nar, before: 0x81) && !format.orders(nar, before: nar))
        let codes = (0..<UInt64(256)).filter { $0 != nar }
        for a in codes {
            for b in codes {
                #expect(format.orders(a, before: b) == (try format.decode(a) < format.decode(b)))
            }
        }
    }
}
