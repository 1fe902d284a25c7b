import ChopFormats
import ChopTestSupport
import Testing

/// A format's published numbers: IEEE 754, the OCP OFP8 and MX specifications, NVIDIA's
/// TF32, ml_dtypes' `finfo` and gfloat's P3109 tables (typed in from those sources, not
/// from this library).
struct PublishedNumbers: Sendable, CustomTestStringConvertible {
    let name: String
    let bits: Int
    let max: Double
    let minNormal: Double
    let minSubnormal: Double
    let ulpOfOne: Double
    let infinity: Bool
    let nan: Bool
    let negativeZero: Bool
    var testDescription: String { name }
}

let publishedNumbers: [PublishedNumbers] = [
    .init(name: "binary64", bits: 64, max: .greatestFiniteMagnitude, minNormal: 0x1p-1022, minSubnormal: 0x1p-1074,
          ulpOfOne: 0x1p-52, infinity: true, nan: true, negativeZero: true),
    .init(name: "binary32", bits: 32, max: 0x1.fffffep127, minNormal: 0x1p-126, minSubnormal: 0x1p-149,
          ulpOfOne: 0x1p-23, infinity: true, nan: true, negativeZero: true),
    .init(name: "binary16", bits: 16, max: 65504, minNormal: 6.103515625e-05, minSubnormal: 5.960464477539063e-08,
          ulpOfOne: 0x1p-10, infinity: true, nan: true, negativeZero: true),
    .init(name: "bfloat16", bits: 16, max: 3.3895313892515355e+38, minNormal: 1.1754943508222875e-38,
          minSubnormal: 9.183549615799121e-41, ulpOfOne: 0.0078125, infinity: true, nan: true, negativeZero: true),
    .init(name: "tf32", bits: 19, max: 0x1.ffcp127, minNormal: 0x1p-126, minSubnormal: 0x1p-136,
          ulpOfOne: 0x1p-10, infinity: true, nan: true, negativeZero: true),
    .init(name: "e4m3fn", bits: 8, max: 448, minNormal: 0.015625, minSubnormal: 0.001953125, ulpOfOne: 0.125,
          infinity: false, nan: true, negativeZero: true),
    .init(name: "e5m2", bits: 8, max: 57344, minNormal: 6.103515625e-05, minSubnormal: 1.52587890625e-05,
          ulpOfOne: 0.25, infinity: true, nan: true, negativeZero: true),
    .init(name: "e4m3fnuz", bits: 8, max: 240, minNormal: 0.0078125, minSubnormal: 0.0009765625, ulpOfOne: 0.125,
          infinity: false, nan: true, negativeZero: false),
    .init(name: "e5m2fnuz", bits: 8, max: 57344, minNormal: 3.0517578125e-05, minSubnormal: 7.62939453125e-06,
          ulpOfOne: 0.25, infinity: false, nan: true, negativeZero: false),
    .init(name: "e4m3b11fnuz", bits: 8, max: 30, minNormal: 0.0009765625, minSubnormal: 0.0001220703125,
          ulpOfOne: 0.125, infinity: false, nan: true, negativeZero: false),
    .init(name: "e3m4", bits: 8, max: 15.5, minNormal: 0.25, minSubnormal: 0.015625, ulpOfOne: 0.0625,
          infinity: true, nan: true, negativeZero: true),
    .init(name: "e3m2", bits: 6, max: 28, minNormal: 0.25, minSubnormal: 0.0625, ulpOfOne: 0.25,
          infinity: false, nan: false, negativeZero: true),
    .init(name: "e2m3", bits: 6, max: 7.5, minNormal: 1, minSubnormal: 0.125, ulpOfOne: 0.125,
          infinity: false, nan: false, negativeZero: true),
    .init(name: "e2m1", bits: 4, max: 6, minNormal: 1, minSubnormal: 0.5, ulpOfOne: 0.5,
          infinity: false, nan: false, negativeZero: true),
    .init(name: "e8m0", bits: 8, max: 0x1p127, minNormal: 0x1p-127, minSubnormal: 0x1p-127, ulpOfOne: 1,
          infinity: false, nan: true, negativeZero: false),
    // gfloat's format_info_p3109(8, P)
    .init(name: "binary8p1", bits: 8, max: 0x1p62, minNormal: 0x1p-63, minSubnormal: 0x1p-63, ulpOfOne: 1,
          infinity: true, nan: true, negativeZero: false),
    .init(name: "binary8p3", bits: 8, max: 49152, minNormal: 0x1p-15, minSubnormal: 0x1p-17, ulpOfOne: 0.25,
          infinity: true, nan: true, negativeZero: false),
    .init(name: "binary8p4", bits: 8, max: 224, minNormal: 0x1p-7, minSubnormal: 0x1p-10, ulpOfOne: 0.125,
          infinity: true, nan: true, negativeZero: false),
    .init(name: "binary8p7", bits: 8, max: 1.96875, minNormal: 1, minSubnormal: 0x1p-6, ulpOfOne: 0x1p-6,
          infinity: true, nan: true, negativeZero: false),
    .init(name: "binary6p3", bits: 6, max: 12, minNormal: 0.125, minSubnormal: 0.03125, ulpOfOne: 0.25,
          infinity: true, nan: true, negativeZero: false),
]

@Suite("Format numbers")
struct FormatNumbersTests {
    @Test("presets and P3109 formats have their published numbers", arguments: publishedNumbers)
    func publishedNumbersMatch(_ expected: PublishedNumbers) throws {
        let format = try FloatFormat(named: expected.name)
        #expect(format.bitWidth == expected.bits)
        #expect(format.greatestFiniteMagnitude == expected.max)
        #expect(format.leastNormalMagnitude == expected.minNormal)
        #expect(format.leastNonzeroMagnitude == expected.minSubnormal)
        #expect(format.ulpOfOne == expected.ulpOfOne)
        #expect(format.unitRoundoff == expected.ulpOfOne / 2)
        #expect(format.hasInfinity == expected.infinity)
        #expect(format.hasNaN == expected.nan)
        #expect(format.hasNegativeZero == expected.negativeZero)
        #expect(format.encodingCount == UInt128(1) << expected.bits)
    }

    @Test("the enumerated values of every small format agree with its numbers")
    func enumeratedValuesAgree() {
        for format in TestFormats.all where format.bitWidth <= 16 {
            let values = ReferenceDecoder.finiteValues(of: format)
            let positives = values.filter { $0 > 0 }
            #expect(positives.last == format.greatestFiniteMagnitude, "\(format) max")
            #expect(positives.first == format.leastNonzeroMagnitude, "\(format) least")
            #expect(
                positives.first { $0 >= format.leastNormalMagnitude } == format.leastNormalMagnitude,
                "\(format) least normal")
            #expect(format.greatestFiniteMagnitude.exponent == format.maxExponent, "\(format) emax")
        }
    }

    @Test("custom formats: emin defaults to 1 - emax, and the numbers follow")
    func customFormats() throws {
        let half = try FloatFormat(precision: 11, maxExponent: 15)
        #expect(half == .binary16)
        #expect(half.minExponent == -14)
        let flushing = try FloatFormat(precision: 4, maxExponent: 7, hasSubnormals: false)
        #expect(flushing.leastNonzeroMagnitude == 0x1p-6)
        #expect(flushing.greatestFiniteMagnitude == 240)
        let wide = try FloatFormat(precision: 11, maxExponent: 1023)
        #expect(wide.greatestFiniteMagnitude == 0x1.ffcp1023)
        #expect(wide.exponentBitCount == 11)
    }

    @Test("impossible parameters are refused with a reason")
    func impossibleParameters() {
        #expect(throws: FormatError.self) { try FloatFormat(precision: 0, maxExponent: 15) }
        #expect(throws: FormatError.self) { try FloatFormat(precision: 54, maxExponent: 15) }
        #expect(throws: FormatError.self) { try FloatFormat(precision: 11, maxExponent: 1024) }
        #expect(throws: FormatError.self) { try FloatFormat(precision: 11, maxExponent: 15, minExponent: -1023) }
        #expect(throws: FormatError.self) { try FloatFormat(precision: 11, maxExponent: 5, minExponent: 6) }
        #expect(throws: FormatError.self) { try FloatFormat(exponentBits: 12, significandBits: 3) }
        #expect(throws: FormatError.self) { try FloatFormat(p3109Bits: 8, precision: 8) }
        do {
            _ = try FloatFormat(precision: 60, maxExponent: 15)
            Issue.record("precision 60 was accepted")
        } catch {
            #expect(error.description.contains("precision 60"))
        }
    }

    @Test("equality ignores the name")
    func equalityIgnoresName() throws {
        #expect(try FloatFormat(named: "e8m7") == .bfloat16)
        #expect(try FloatFormat(named: "e8m7").name == "e8m7")
        #expect(try FloatFormat(named: "e5m10") == .binary16)
        #expect(try FloatFormat(named: "e11m52") == .binary64)
        #expect(Set([FloatFormat.binary16, try FloatFormat(named: "half"), try FloatFormat(named: "e5m10")]).count == 1)
    }
}
