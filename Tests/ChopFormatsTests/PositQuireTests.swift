import ChopFormats
import ChopTestSupport
import Testing

/// The quire: fused dot products and sums equal the exact sum rounded once.
@Suite("Posit quire")
struct PositQuireTests {
    /// Random codes of `format` (never NaR) whose values lie within 2^±limit.
    static func codes(_ format: PositFormat, count: Int, limit: Int, generator: inout Xoshiro256) -> [UInt64] {
        let mask: UInt64 = format.bitWidth == 64 ? .max : (1 << UInt64(format.bitWidth)) - 1
        var codes: [UInt64] = []
        while codes.count < count {
            let code = generator.next() & mask
            guard code != format.notARealCode else { continue }
            let value = try! format.decode(code)
            if value == 0 || (value.magnitude >= Double(sign: .plus, exponent: -limit, significand: 1) && value.magnitude < Double(sign: .plus, exponent: limit, significand: 1)) {
                codes.append(code)
            }
        }
        return codes
    }

    static func exactDot(_ a: [UInt64], _ b: [UInt64], n: Int, es: Int) -> PositReference.Signed {
        var total: PositReference.Signed = (false, PositReference.Exact(significand: 0, exponent: 0))
        for (x, y) in zip(a, b) {
            total = PositReference.sum(
                total, PositReference.product(PositReference.signedValue(x, n: n, es: es)!, PositReference.signedValue(y, n: n, es: es)!))
        }
        return total
    }

    @Test("dot products of length 1,000 equal the exact sum rounded once", arguments: [
        (PositFormat.posit8, 24), (.posit8es0, 6), (try! PositFormat(bitWidth: 8, exponentSize: 1), 12), (.posit16, 20),
        (.posit16es1, 20), (.posit32, 10),
    ])
    func dotProducts(_ format: PositFormat, _ limit: Int) {
        var generator = Xoshiro256(seed: UInt64(format.bitWidth * 7 + format.exponentSize))
        for _ in 0..<20 {
            let a = Self.codes(format, count: 1000, limit: limit, generator: &generator)
            let b = Self.codes(format, count: 1000, limit: limit, generator: &generator)
            let expected = PositReference.roundedCode(Self.exactDot(a, b, n: format.bitWidth, es: format.exponentSize), n: format.bitWidth, es: format.exponentSize)
            #expect(format.fusedDotProduct(a, b) == expected, "\(format.name)")
            // A sum of the same products' terms: a fused sum of a.
            var total: PositReference.Signed = (false, PositReference.Exact(significand: 0, exponent: 0))
            for x in a { total = PositReference.sum(total, PositReference.signedValue(x, n: format.bitWidth, es: format.exponentSize)!) }
            #expect(format.fusedSum(a) == PositReference.roundedCode(total, n: format.bitWidth, es: format.exponentSize))
        }
    }

    @Test("cancellation: maxpos² - maxpos² + minpos² is exact in the quire, lost by rounded arithmetic; NaR sticks until cleared")
    func cancellation() throws {
        let format = PositFormat.posit16
        let maxpos = format.roundedCode(format.greatestFiniteMagnitude)
        let minpos: UInt64 = 1
        var quire = PositQuire(format: format)
        quire.addProduct(maxpos, maxpos)
        quire.addProduct(minpos, minpos)
        quire.subtractProduct(maxpos, maxpos)
        #expect(quire.roundedCode() == minpos)  // minpos² rounds up to minpos, never to zero
        let three = try format.encode(3), half = try format.encode(0.5)
        quire.clear()
        quire.addProduct(three, half)
        quire.add(three)
        #expect(try format.decode(quire.roundedCode()) == 4.5)
        quire.add(format.notARealCode)
        #expect(quire.isNaR && quire.roundedCode() == format.notARealCode)
        quire.clear()
        #expect(!quire.isNaR && quire.roundedCode() == 0)
        #expect(PositQuire(format: .posit8).bitWidth == 192 && PositQuire(format: .posit32).bitWidth == 576)
        #expect(PositQuire(format: .posit64).bitWidth == 1088)
    }
}
