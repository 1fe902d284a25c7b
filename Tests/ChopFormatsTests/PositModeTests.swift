import ChopFormats
import ChopTestSupport
import Testing

/// Posits in every rounding mode: the package's extension of the standard's one rounding,
/// against the bit-string reference extended with the same rule (never to zero or NaR; between
/// neighbours, the direction the mode names; ties on the encoding for the nearest modes).
@Suite("Posit rounding modes")
struct PositModeTests {
    @Test("every deterministic mode at every value, tie point and a double either side", arguments: PositTests.small)
    func everyModeAtBoundaries(_ format: PositFormat) {
        var mismatches = 0
        for mode in RoundingMode.deterministicModes {
            for x in PositTests.probes(format) {
                let expected = PositReference.roundedCode(x, n: format.bitWidth, es: format.exponentSize, mode: mode)
                let code = format.roundedCode(x, mode: mode)
                if code != expected || format.round(x, mode).bitPattern != (try? format.decode(expected))?.bitPattern {
                    mismatches += 1
                    if mismatches <= 5 {
                        Issue.record("\(format.name) \(mode) \(x): 0x\(String(code, radix: 16)), expected 0x\(String(expected, radix: 16))")
                    }
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("arrays in every deterministic mode equal the scalar rounding, for 1 and 3 threads")
    func arrays() {
        for format in [PositFormat.posit8, .posit16, .posit16es1] {
            let values = PositTests.probes(format) + [0, -0.0, .infinity, -.infinity, .nan, 0x1p-1074]
            for mode in RoundingMode.deterministicModes {
                let expected = values.map { format.round($0, mode) }
                for threads in [1, 3] {
                    var rounded = values
                    rounded.withUnsafeMutableBufferPointer { format.round($0, mode: mode, threads: threads) }
                    let wrong = zip(rounded, expected).filter { $0.bitPattern != $1.bitPattern && !($0.isNaN && $1.isNaN) }
                    #expect(wrong.isEmpty, "\(format.name) \(mode), \(threads) threads: \(wrong.count) differ")
                }
            }
        }
    }

    @Test("special inputs in every mode: NaN and ±∞ give NaR, ±0 zero, posits stay, tiny and huge saturate")
    func specials() throws {
        let p8 = PositFormat.posit8
        for mode in RoundingMode.deterministicModes {
            #expect(p8.roundedCode(.nan, mode: mode) == 0x80 && p8.roundedCode(-.infinity, mode: mode) == 0x80)
            #expect(p8.roundedCode(0, mode: mode) == 0 && p8.roundedCode(-0.0, mode: mode) == 0)
            #expect(p8.roundedCode(0x1p-1074, mode: mode) == 0x01 && p8.roundedCode(-0x1p-1074, mode: mode) == 0xFF)
            #expect(p8.roundedCode(1e300, mode: mode) == 0x7F && p8.roundedCode(-1e300, mode: mode) == 0x81)
            for code in UInt64(0)..<256 where code != 0x80 {
                let value = try p8.decode(code)
                #expect(p8.roundedCode(value, mode: mode) == code, "\(mode) moved 0x\(String(code, radix: 16))")
            }
        }
    }

    @Test("Posit16(1) / Posit16(3) inside a toward-zero context is the posit just below 1/3")
    func typedPositsInContext() throws {
        let context = try RoundingContext(mode: .towardZero)
        let third = context.run { Posit16(1) / Posit16(3) }
        let expected = PositFormat.posit16.round(1.0 / 3.0, .towardZero)
        #expect(third.doubleValue == expected)
        #expect(expected == 0.333251953125)  // 2^-2 · (1 + 682/2^11): 1/3's 11 fraction bits (682.67) truncated
        let next = try PositFormat.posit16.decode(third.bitPattern + 1)
        #expect(expected < 1.0 / 3.0 && next > 1.0 / 3.0)
        // Outside a context the same division rounds to nearest (682.67 → 683).
        #expect((Posit16(1) / Posit16(3)).doubleValue == 0.25 * (1 + 683.0 / 2048))
        let up = try RoundingContext(mode: .up)
        #expect(up.run { Posit16(-1) / Posit16(3) }.doubleValue == -expected)
        #expect(up.run { Posit16(3).squareRoot() }.doubleValue > 3.0.squareRoot())
    }

    @Test("stochastic rounding of exact results: limited random bits decide by floor(f·2^R), the same as for doubles")
    func stochasticExactResults() throws {
        let p16 = PositFormat.posit16
        let one = try p16.encode(1), three = try p16.encode(3)
        // 1/3 lies between 0.333251953125 (sign 0, regime 01, exponent 10, fraction 01010101010:
        // 0x32AA) and the next posit 2^-13 above: f = 2^-12 / (3·2^-13) = 2/3, so exactly
        // floor(2/3 · 256) = 170 of the 256 top-byte patterns round away.
        var away = 0
        for r in UInt64(0)..<256 {
            let code = p16.quotient(one, three, mode: .stochastic(randomBits: 8), randomWord: r << 56)
            #expect(code == 0x32AA || code == 0x32AB)
            if code == 0x32AB { away += 1 }
        }
        #expect(away == 170)
        // An exact sum that is a double rounds as the double does, word for word.
        var generator = Xoshiro256(seed: 42)
        for _ in 0..<20_000 {
            let a = generator.next() & 0xFFFF, b = generator.next() & 0xFFFF, word = generator.next()
            guard a != 0x8000, b != 0x8000, let x = try? p16.decode(a), let y = try? p16.decode(b) else { continue }
            let sum = x + y
            guard sum - x == y, sum - y == x else { continue }  // the double sum is exact
            for mode in [RoundingMode.stochastic(), .stochastic(randomBits: 13), .stochasticEqual] {
                #expect(p16.sum(a, b, mode: mode, randomWord: word) == p16.roundedCode(sum, mode: mode, randomWord: word))
            }
        }
    }
}

/// Distances between posits along the encoding.
@Suite("Posit distances")
struct PositDistanceTests {
    @Test("every pair of posit8 values: the distance is the number of steps between them in value order")
    func everyPair() throws {
        let format = PositFormat.posit8
        // Value order from the bit-string reference, independent of the codes' arithmetic.
        let reals = (UInt64(0)..<256).filter { $0 != 0x80 }.map { code -> Double in
            guard let (negative, magnitude) = PositReference.signedValue(code, n: 8, es: 2) else { return .nan }
            return magnitude.significand == 0 ? 0 : (negative ? -magnitude.double! : magnitude.double!)
        }.sorted()
        var wrong = 0
        for (i, a) in reals.enumerated() {
            for (j, b) in reals.enumerated() where format.ulpDistance(a, from: b) != Double(abs(i - j)) {
                wrong += 1
                if wrong <= 3 { Issue.record("\(a) from \(b): \(format.ulpDistance(a, from: b)), expected \(abs(i - j))") }
            }
        }
        #expect(wrong == 0)
        #expect(format.ulpDistance(1.0625, from: 1) == 0.5)  // half of the gap 1/8 above 1
        #expect(format.ulpDistance(.nan, from: .infinity) == 0 && format.ulpDistance(.nan, from: 1) == .infinity)
        #expect(format.ulpDistance(0x1p30, from: 0x1p24) == (0x1p30 - 0x1p24) / (0x1p24 - 0x1p20))
    }
}
