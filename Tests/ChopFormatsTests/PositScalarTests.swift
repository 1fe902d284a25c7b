import ChopFormats
import ChopTestSupport
import Testing

/// Typed posits: operators are the code operations, the standard's order
/// and equality, conversions rounded once.
@Suite("Posit scalars")
struct PositScalarTests {
    @Test("operators equal the format's code operations over every posit8 pair")
    func operators() {
        let format = PositFormat.posit8
        for a in 0..<UInt64(256) {
            let x = Posit8(bitPattern: a)
            #expect(x.squareRoot().bitPattern == format.squareRoot(a))
            #expect((-x).bitPattern == format.negation(a))
            for b in 0..<UInt64(256) {
                let y = Posit8(bitPattern: b)
                #expect((x + y).bitPattern == format.sum(a, b))
                #expect((x - y).bitPattern == format.difference(a, b))
                #expect((x * y).bitPattern == format.product(a, b))
                #expect((x / y).bitPattern == format.quotient(a, b))
                #expect((x < y) == format.orders(a, before: b))
                #expect((x == y) == (a == b))
            }
        }
    }

    @Test("NaR: equal to itself, below every real, from NaN, ∞ and 1/0; -NaR is NaR")
    func notAReal() {
        let nar = Posit16.notAReal
        #expect(nar == nar && nar.hashValue == Posit16(Double.nan).hashValue)
        #expect(nar < -Posit16.greatestFiniteMagnitude)
        #expect(Posit16(Double.infinity).isNaR && (Posit16(1) / 0).isNaR && (-nar).isNaR)
        #expect(Posit16(-4).squareRoot().isNaR && Posit16(0).squareRoot() == 0)
        #expect(nar.description == "NaR" && Double(nar).isNaN)
        #expect(Posit16(-0.0).bitPattern == 0)
    }

    @Test("literals, integers and other posit formats are rounded once from the exact value")
    func conversions() throws {
        let third: Posit16 = 0.333333333333
        #expect(third.bitPattern == PositFormat.posit16.roundedCode(0.333333333333))
        #expect(Posit8(1_000_000_000).bitPattern == 0x7F)  // above maxpos 2^24: maxpos
        #expect(Posit16(12_345) == Posit16(Double(12_345)))
        // posit64 has a quantum of 512 at 2^55. 2^55 + 257 rounds up to 2^55 + 512; through a
        // Double (quantum 8) it would become 2^55 + 256, a tie, and round to even 2^55.
        #expect(Posit64((1 << 55) + 257) == Posit64(0x1p55 + 512))
        #expect(Posit64(Double((1 << 55) + 257)) == Posit64(0x1p55))
        #expect(Posit8(exactly: 3) == 3 && Posit8(exactly: 17) == nil && Posit8(exactly: 0) == 0)
        // Posit16 → posit8: the reference's rounding of the posit16 value (a double).
        for code in stride(from: UInt64(1), to: 0x8000, by: 7) {
            let value = try PositFormat.posit16.decode(code)
            #expect(Posit8(Posit16(bitPattern: code)).bitPattern == PositReference.roundedCode(value, n: 8, es: 2))
        }
        // posit64 holds 1 + 2^-59, which no double does; the conversion to posit32 sees it.
        let fine = Posit64(bitPattern: 0x4000_0000_0000_0001)
        #expect(Double(fine) == 1 && Posit32(fine) == 1)
    }

    @Test("generic numeric code runs in posits; the quire's dot product beats the rounded loop")
    func genericCode() {
        func dot<T: Numeric>(_ a: [T], _ b: [T]) -> T { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let a: [Posit16] = [1e4, 1, -1e4]
        let b: [Posit16] = [1e4, 1e-3, 1e4]
        let exact = Posit16(1e-3)
        #expect(Posit16.fusedDotProduct(a, b) == exact)
        #expect(dot(a, b) != exact)  // the rounded loop loses the small term
        #expect(Posit16.fusedSum([1, 2, 3]) == 6)
        #expect(Posit8(2).addingProduct(3, 4) == 14)
    }
}

@Suite("Posit README snippet")
struct PositReadmeTests {
    @Test("the README's posit snippet runs and its comments hold")
    func snippet() throws {
        let x: Posit16 = 1.0 / 3
        #expect(x.bitPattern == 0x32AB && x.description.hasPrefix("0.333374"))
        let y = (x * 3 - 1) / x
        #expect(y == ((x * 3) - 1) / x)
        #expect(Posit16(Double.nan).isNaR && Posit16.notAReal == .notAReal && Posit16.notAReal < -1)
        let p8 = Posit8(Posit16(0.1))
        #expect(p8.bitPattern == PositReference.roundedCode(try PositFormat.posit16.decode(Posit16(0.1).bitPattern), n: 8, es: 2))
        var quire = PositQuire(format: .posit32)
        quire.addProduct(PositFormat.posit32.roundedCode(3), PositFormat.posit32.roundedCode(0.5))
        #expect(try PositFormat.posit32.decode(quire.roundedCode()) == 1.5)
        var buffer = [0.1, 1e30]
        buffer.withUnsafeMutableBufferPointer { PositFormat.posit16.round($0, threads: 2) }
        #expect(buffer == [PositFormat.posit16.round(0.1), 0x1p56])
        #expect(PositQuire(format: .posit8es0).bitWidth == 128 && PositQuire(format: .posit16es1).bitWidth == 192)
        #expect(PositQuire(format: .posit16).bitWidth == 320)
    }
}

@Suite("Posit conversions")
struct PositConversionTests {
    @Test("to every float preset: rounded once from the exact value, as the format rounds the (double) value")
    func toFloats() throws {
        for code in 0..<UInt64(1 << 16) where code != 0x8000 {
            let p = Posit16(bitPattern: code)
            let value = try PositFormat.posit16.decode(code)
            #expect(BFloat16(p).doubleValue == FloatFormat.bfloat16.round(value, .toNearestOrEven))
            #expect(Float8E4M3FN(p).doubleValue.bitPattern == FloatFormat.e4m3fn.round(value, .toNearestOrEven).bitPattern
                || (Float8E4M3FN(p).doubleValue.isNaN && FloatFormat.e4m3fn.round(value, .toNearestOrEven).isNaN))
        }
        #expect(Half(Posit16.notAReal).doubleValue.isNaN)
        // posit64's 1 + 2^-59 is above 1 by less than half of binary16's ulp but rounds up
        // toward +∞ only when the exact value is seen (a Double would be exactly 1).
        let fine = Posit64(bitPattern: 0x4000_0000_0000_0001)
        let up = try withRounding(.up) { Half(fine) }
        #expect(up.doubleValue == 1 + 0x1p-10)
        #expect(Posit16(Half(0.1)) == Posit16(Half(0.1).doubleValue))
    }

    @Test("to integers: truncated toward zero from the exact value; exactly only for integers")
    func toIntegers() {
        #expect(Int(Posit16(-2.75)) == -2 && Int(Posit16(0.9)) == 0 && UInt8(Posit8(200)) == 192)
        #expect(Int(exactly: Posit16(12)) == 12 && Int(exactly: Posit16(12.5)) == nil && Int(exactly: Posit16.notAReal) == nil)
        // posit64's largest value below 2 has 60 bits: a Double would round it to 2.
        let belowTwo = Posit64(bitPattern: 0x47FF_FFFF_FFFF_FFFF)
        #expect(Int(belowTwo) == 1 && Double(belowTwo) == 2)
        #expect(Int64(Posit32.greatestFiniteMagnitude.squareRoot()) == 1 << 60)
        #expect(UInt8(exactly: Posit16(-1)) == nil)
    }
}
