import ChopFormats
import ChopTestSupport
import Testing

/// Results worked out by hand from the specifications, with the reasoning beside each.
@Suite("Hand-worked roundings")
struct KnownValuesTests {
    @Test("OCP E4M3: the overflow threshold is a tie at unbounded range")
    func e4m3Overflow() throws {
        // 448 = 1.110b·2^8 and 480 = 1.111b·2^8 (the NaN pattern): 464 is halfway, and ties go
        // to the even significand 448; anything above rounds to 480, which overflows to NaN.
        #expect(FloatFormat.e4m3fn.round(464) == 448)
        #expect(FloatFormat.e4m3fn.round(464.0.nextUp).isNaN)
        #expect(FloatFormat.e4m3fn.round(-465).isNaN)
        #expect(FloatFormat.e4m3fn.round(1e6, .towardZero) == 448)
        #expect(FloatFormat.e4m3fn.round(-1e6, .up) == -448)
        #expect(FloatFormat.e4m3fn.round(-1e6, .down).isNaN)
        #expect(try FloatRounder(format: .e4m3fn, overflow: .saturate).round(-1e6) == -448)
        #expect(try FloatRounder(format: .e4m3fn, overflow: .saturate).round(.infinity) == 448)
        #expect(FloatFormat.e4m3fn.round(.infinity).isNaN)
    }

    @Test("E5M2: a tiny excess above a midpoint decides; truncation of 1 - 2^-40")
    func e5m2Examples() {
        // 1.125 is halfway between 1 and 1.25; 2^-30 above it goes up.
        #expect(FloatFormat.e5m2.round(1.125 + 0x1p-30) == 1.25)
        #expect(FloatFormat.e5m2.round(1.125) == 1)
        #expect(FloatFormat.e5m2.round(1.375) == 1.5)
        // Below 1 the spacing is 0.125: the largest value under 1 is 0.875.
        #expect(FloatFormat.e5m2.round(1 - 0x1p-40, .towardZero) == 0.875)
        // 61440 is halfway between 57344 = 1.11b·2^15 (odd) and 65536 (even): overflow.
        #expect(FloatFormat.e5m2.round(61440) == .infinity)
        #expect(FloatFormat.e5m2.round(61440.0.nextDown) == 57344)
    }

    @Test("bfloat16 from doubles one ulp beside a midpoint: no double rounding")
    func noDoubleRounding() {
        // 1 + 2^-8 is halfway between 1 and 1 + 2^-7 in bfloat16. One binary64 ulp above it
        // must go up; via Float it would first round to the midpoint and then to even (1).
        let justAbove = (1 + 0x1p-8).nextUp
        #expect(FloatFormat.bfloat16.round(justAbove) == 1 + 0x1p-7)
        #expect(FloatFormat.bfloat16.round(Double(Float(justAbove))) == 1)
        let justBelow = (1 + 0x1p-8 + 0x1p-7).nextDown  // below the midpoint between 1+2^-7 and 1+2^-6
        #expect(FloatFormat.bfloat16.round(justBelow) == 1 + 0x1p-7)
    }

    @Test("signed zeros, subnormals and E8M0")
    func zerosAndSubnormals() {
        #expect(FloatFormat.binary16.round(-0x1p-26).sign == .minus)  // underflows to -0
        #expect(FloatFormat.binary16.round(-0x1p-26) == 0)
        #expect(FloatFormat.e4m3fnuz.round(-0x1p-20).sign == .plus)  // no -0 in fnuz
        #expect(FloatFormat.e4m3fnuz.round(-0.0).sign == .plus)
        #expect(FloatFormat.binary16.round(0x1p-25) == 0)  // half the least subnormal: tie to 0
        #expect(FloatFormat.binary16.round(0x1p-25.nextUp) == 0x1p-24)
        #expect(FloatFormat.binary16.round(0x1p-30, .up) == 0x1p-24)
        #expect(FloatFormat.binary16.round(0x1p-30, .toOdd) == 0x1p-24)
        // E8M0: no zero, no sign; ties go to the larger power (the even significand).
        #expect(FloatFormat.e8m0.round(0).isNaN)
        #expect(FloatFormat.e8m0.round(-2).isNaN)
        #expect(FloatFormat.e8m0.round(1e-300) == 0x1p-127)
        #expect(FloatFormat.e8m0.round(1e-300, .towardZero) == 0x1p-127)
        #expect(FloatFormat.e8m0.round(1.5) == 2)
        #expect(FloatFormat.e8m0.round(1.5.nextDown) == 1)
        #expect(FloatFormat.e8m0.round(3) == 4)
        #expect(FloatFormat.e8m0.round(0x1.8p127).isNaN)
        // FP4 E2M1: 0, 0.5, 1, 1.5, 2, 3, 4, 6; saturating.
        #expect([0.25, 0.75, 1.25, 1.75, 2.5, 3.5, 5, 7, 100].map { FloatFormat.e2m1.round($0) } == [0, 1, 1, 2, 2, 4, 4, 6, 6])
        #expect(FloatFormat.e2m1.round(.nan).isNaN)
    }

    @Test("a format without subnormals: the neighbours below 2^emin are 0 and 2^emin")
    func noSubnormals() throws {
        let format = try FloatFormat(precision: 4, maxExponent: 7, hasSubnormals: false)  // emin = -6
        #expect(format.round(0x1p-7) == 0)  // the midpoint: ties to 0 (even)
        #expect(format.round(0x1p-7.nextUp) == 0x1p-6)
        #expect(format.round(0x1p-7.nextDown) == 0)
        #expect(format.round(0x1p-10, .up) == 0x1p-6)
        #expect(format.round(0x1p-10, .toOdd) == 0x1p-6)
        #expect(format.round(0x1.2p-6) == 0x1.2p-6)  // normal numbers keep their 4 bits
    }

    @Test("round to odd keeps a sticky bit for a later rounding")
    func roundToOdd() {
        // Rounding to binary16 via odd at p = 13 then to nearest at p = 11 equals direct rounding.
        let intermediate = try! FloatFormat(precision: 13, maxExponent: 15)
        var generator = Xoshiro256(seed: 4)
        for _ in 0..<20_000 {
            let x = Double.random(in: -70_000...70_000, using: &generator)
            let twice = FloatFormat.binary16.round(intermediate.round(x, .toOdd))
            #expect(twice == FloatFormat.binary16.round(x), "\(x)")
        }
    }
}
