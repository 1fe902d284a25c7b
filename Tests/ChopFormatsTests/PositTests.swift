import ChopFormats
import ChopTestSupport
import Testing

/// Posits: the numbers of each format, decoding every code, and the standard's
/// rounding of doubles, against the bit-string reference of the test-support module.
@Suite("Posits")
struct PositTests {
    /// Small formats checked over every code and every neighbour pair.
    static let small: [PositFormat] = (2...12).flatMap { n in (0...4).map { try! PositFormat(bitWidth: n, exponentSize: $0) } }
        + [.posit16, .posit16es1]

    @Test("numbers of the named formats (Posit Standard 2022 and SoftPosit's conventions)")
    func numbers() throws {
        let expected: [(String, Double, Double, Int, Double)] = [
            // name, maxpos, minpos, precision at 1.0, useed
            ("posit8", 0x1p24, 0x1p-24, 6, 16), ("posit16", 0x1p56, 0x1p-56, 14, 16),
            ("posit32", 0x1p120, 0x1p-120, 30, 16), ("posit64", 0x1p248, 0x1p-248, 62, 16),
            ("posit8es0", 64, 1.0 / 64, 8 - 2, 2), ("posit16es1", 0x1p28, 0x1p-28, 13, 4),
        ]
        for (name, maxpos, minpos, _, useed) in expected {
            let format = try PositFormat(named: name)
            #expect(format.name == name)
            #expect(format.greatestFiniteMagnitude == maxpos && format.leastNonzeroMagnitude == minpos, "\(name)")
            #expect(format.useed == useed)
            #expect(format.encodingCount == UInt128(1) << format.bitWidth)
        }
        #expect(PositFormat.posit8.precision == 4 && PositFormat.posit16.precision == 12)
        #expect(PositFormat.posit32.precision == 28 && PositFormat.posit64.precision == 60)
        #expect(try PositFormat(named: "POSIT16ES1") == .posit16es1)
        // Equality ignores the name, as for float formats; the width and es decide.
        let renamed = try PositFormat(bitWidth: 16, exponentSize: 2, name: "my-posit")
        #expect(renamed == .posit16 && renamed.hashValue == PositFormat.posit16.hashValue && renamed != .posit16es1)
        for bad in ["posit", "posit1", "posit65", "posites2", "posit8es", "posit8esx", "posit64es5", "positron"] {
            #expect(throws: FormatError.self, "\(bad)") { _ = try PositFormat(named: bad) }
        }
    }

    @Test("known encodings: 1, -1, minpos, maxpos, NaR, and π in posit32")
    func knownEncodings() throws {
        let p8 = PositFormat.posit8
        #expect(try p8.encode(1) == 0x40)
        #expect(try p8.encode(-1) == 0xC0)
        #expect(try p8.decode(0x7F) == 0x1p24)
        #expect(try p8.decode(0x01) == 0x1p-24)
        #expect(try p8.decode(0x81) == -0x1p24)
        #expect(try p8.decode(0x80).isNaN)
        #expect(try p8.decode(0) == 0)
        #expect(try PositFormat.posit16.encode(1) == 0x4000)
        // π = 2^1 · 1.10010010000111111011010101000100…: regime 10, exponent 01, 27 fraction bits.
        #expect(PositFormat.posit32.roundedCode(.pi) == 0x4C90_FDAA)
        #expect(PositFormat.posit32.roundedCode(-.pi) == 0xB36F_0256)
        #expect(p8.roundedCode(.nan) == 0x80 && p8.roundedCode(.infinity) == 0x80 && p8.roundedCode(-.infinity) == 0x80)
        #expect(p8.round(-0.0).bitPattern == 0.0.bitPattern)
        #expect(throws: FormatError.self) { _ = try p8.decode(0x100) }
        #expect(throws: FormatError.self) { _ = try p8.encode(1.25 + 1.0 / 64) }
        // posit64 holds values that are not doubles: 1 + 2^-59.
        #expect(throws: FormatError.self) { _ = try PositFormat.posit64.decode(0x4000_0000_0000_0001) }
    }

    @Test("every code decodes as its bit string says, in order, and encodes back", arguments: small)
    func everyCode(_ format: PositFormat) throws {
        let n = format.bitWidth
        var previous = -Double.infinity
        // Codes in value order: the most negative (10…01) up to maxpos (01…1).
        let half = UInt64(1) << UInt64(n - 1)
        let mask = 2 * half - 1
        for offset in 1..<(2 * half) {
            let code = (half + offset) & mask
            let value = try format.decode(code)
            if code == 0 {
                #expect(value == 0)
            } else {
                let positive = code < half ? code : (0 &- code) & mask
                let magnitude = PositReference.positiveValue(positive, n: n, es: format.exponentSize).double!
                #expect(value == (code < half ? magnitude : -magnitude), "\(format.name) 0x\(String(code, radix: 16))")
            }
            #expect(value > previous, "\(format.name) codes ascend")
            previous = value
            #expect(try format.encode(value) == code)
        }
        #expect(try format.decode(half).isNaN)
    }

    /// Doubles where rounding decides: each value, each tie point, a double either side of
    /// both, values beyond maxpos and below minpos.
    static func probes(_ format: PositFormat) -> [Double] {
        let n = format.bitWidth
        let half = UInt64(1) << UInt64(n - 1)
        var probes: [Double] = [0x1p-1000, .leastNonzeroMagnitude, 0x1p1000, .greatestFiniteMagnitude]
        for code in 1..<half {
            let value = PositReference.positiveValue(code, n: n, es: format.exponentSize).double!
            let tie = PositReference.positiveValue(code << 1 | 1, n: n + 1, es: format.exponentSize).double!
            probes += [value, value.nextUp, value.nextDown, tie, tie.nextUp, tie.nextDown, (value + tie) / 2]
        }
        probes += [format.leastNonzeroMagnitude / 2, format.greatestFiniteMagnitude * 2]
        return probes + probes.map { -$0 }
    }

    @Test("rounding at every value, tie point and a double either side, beyond maxpos and below minpos", arguments: small)
    func roundingAtBoundaries(_ format: PositFormat) {
        var mismatches = 0
        for x in Self.probes(format) {
            let expected = PositReference.roundedCode(x, n: format.bitWidth, es: format.exponentSize)
            if format.roundedCode(x) != expected || format.round(x) != (try? format.decode(expected)) {
                mismatches += 1
                if mismatches < 5 { Issue.record("\(format.name): \(x) gave 0x\(String(format.roundedCode(x), radix: 16)), expected 0x\(String(expected, radix: 16))") }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("array rounding (in place, out of place, 1 and 3 threads) at every value, tie point and neighbour", arguments: small)
    func arrayRoundingAtBoundaries(_ format: PositFormat) {
        Self.checkArrays(format, Self.probes(format))
    }

    /// Rounds `values` (with zeros, a subnormal, ±∞ and NaN added) as arrays in every way and
    /// compares each element with the reference's code, decoded; ±∞ and NaN must give NaN.
    static func checkArrays(_ format: PositFormat, _ values: [Double]) {
        let values = values + [0, -0.0, 0x1p-1074, -0x1p-1060, .infinity, -.infinity, .nan]
        let expected = values.map { x -> Double in
            guard x.isFinite else { return .nan }
            guard x != 0 else { return 0 }
            return try! format.decode(PositReference.roundedCode(x, n: format.bitWidth, es: format.exponentSize))
        }
        var results: [(String, [Double])] = []
        for threads in [1, 3] {
            var inPlace = values
            inPlace.withUnsafeMutableBufferPointer { format.round($0, threads: threads) }
            var outOfPlace = [Double](repeating: 1, count: values.count)
            values.withUnsafeBufferPointer { source in
                outOfPlace.withUnsafeMutableBufferPointer { format.round(source, into: $0, threads: threads) }
            }
            results += [("in place, \(threads) threads", inPlace), ("out of place, \(threads) threads", outOfPlace)]
        }
        for (name, result) in results {
            let wrong = zip(values.indices, zip(result, expected)).filter { _, pair in
                pair.0.bitPattern != pair.1.bitPattern && !(pair.0.isNaN && pair.1.isNaN)
            }
            for (index, pair) in wrong.prefix(3) {
                Issue.record("\(format.name) \(name): \(values[index]) gave \(pair.0), expected \(pair.1)")
            }
            #expect(wrong.isEmpty, "\(format.name) \(name): \(wrong.count) of \(values.count) wrong")
        }
    }

    @Test("random doubles over the whole range and near tie points: posit32 and posit64 in both conventions",
          arguments: [PositFormat.posit32, .posit64, try! PositFormat(bitWidth: 32, exponentSize: 3), try! PositFormat(bitWidth: 64, exponentSize: 0), try! PositFormat(bitWidth: 24, exponentSize: 4)])
    func randomDoubles(_ format: PositFormat) {
        var generator = Xoshiro256(seed: UInt64(format.bitWidth * 10 + format.exponentSize))
        let n = format.bitWidth
        var mismatches = 0
        var probes: [Double] = []
        for trial in 0..<20_000 {
            var x: Double
            if trial % 2 == 0 {
                // Log-uniform over [minpos/4, maxpos·4].
                let scale = Double(format.maxScale + 2)
                x = Double(sign: .plus, exponent: Int(Double.random(in: -scale...scale, using: &generator)), significand: Double.random(in: 1..<2, using: &generator))
            } else {
                // Next to the tie point above a random code, when it is a double.
                let code = UInt64.random(in: 1..<(UInt64(1) << UInt64(n - 1)), using: &generator)
                guard let tie = PositReference.positiveValue(code << 1 | 1, n: n + 1, es: format.exponentSize).double else { continue }
                x = [tie, tie.nextUp, tie.nextDown][trial % 3]
            }
            if generator.next() & 1 == 1 { x = -x }
            let expected = PositReference.roundedCode(x, n: n, es: format.exponentSize)
            if format.roundedCode(x) != expected {
                mismatches += 1
                if mismatches < 5 { Issue.record("\(format.name): \(x) gave 0x\(String(format.roundedCode(x), radix: 16)), expected 0x\(String(expected, radix: 16))") }
            }
            // The rounded value is a double: the format's value of the code.
            #expect(format.round(x) == (try? format.decode(expected)), "\(format.name) \(x)")
            probes.append(x)
        }
        #expect(mismatches == 0)
        Self.checkArrays(format, probes)
    }

    @Test("head + tail is rounded once from its exact value")
    func headAndTail() throws {
        let format = PositFormat.posit8
        // posit8 has 3 fraction bits at 1: the tie between 1 (0x40) and 1.125 (0x41) is
        // 1.0625, between 1.125 and 1.25 (0x42) it is 1.1875; a tail decides the side.
        #expect(format.roundedCode(head: 1.0625, tail: 0) == 0x40)
        #expect(format.roundedCode(head: 1.0625, tail: 0x1p-80) == 0x41)
        #expect(format.roundedCode(head: 1.1875, tail: -0x1p-80) == 0x41)
        #expect(format.roundedCode(head: 1.1875, tail: 0) == 0x42)
        #expect(format.roundedCode(head: -1.1875, tail: 0x1p-80) == 0xBF)
    }

    @Test("array rounding equals scalar rounding for any thread count")
    func arrays() {
        var generator = Xoshiro256(seed: 5)
        let values = (0..<10_000).map { _ in Double(sign: .plus, exponent: Int.random(in: -70...70, using: &generator), significand: Double.random(in: -2...2, using: &generator)) } + [.nan, .infinity, 0, -0.0]
        for threads in [1, 3] {
            var copy = values
            copy.withUnsafeMutableBufferPointer { PositFormat.posit16.round($0, threads: threads) }
            #expect(zip(copy, values).allSatisfy { $0.bitPattern == PositFormat.posit16.round($1).bitPattern || ($0.isNaN && $1.isNaN || !$1.isFinite) })
        }
    }
}
