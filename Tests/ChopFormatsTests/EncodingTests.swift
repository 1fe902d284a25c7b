import ChopFormats
import ChopTestSupport
import Testing

@Suite("Encoding")
struct EncodingTests {
    @Test("every encoding of every format of at most 16 bits decodes to the reference value and encodes back")
    func exhaustiveRoundTrip() throws {
        for format in TestFormats.all where format.bitWidth <= 16 {
            var failures: [String] = []
            for code in 0..<(UInt64(1) << UInt64(format.bitWidth)) {
                let reference = ReferenceDecoder.meaning(of: code, in: format)
                let decoded: Double
                do {
                    decoded = try format.decode(code)
                } catch {
                    if reference != .unused { failures.append("0x\(String(code, radix: 16)) refused: \(error)") }
                    continue
                }
                switch reference {
                case .unused:
                    failures.append("0x\(String(code, radix: 16)) is unused but decoded to \(decoded)")
                    continue
                case .nan:
                    if !decoded.isNaN { failures.append("0x\(String(code, radix: 16)) → \(decoded), not NaN") }
                case .infinity(let negative):
                    if decoded != (negative ? -.infinity : .infinity) {
                        failures.append("0x\(String(code, radix: 16)) → \(decoded), not ∞")
                    }
                case .number(let value):
                    if !sameValue(decoded, value) {
                        failures.append("0x\(String(code, radix: 16)) → \(describe(decoded)), reference \(describe(value))")
                    }
                }
                // Every value re-encodes to its code, except NaNs (one canonical code each).
                if !decoded.isNaN {
                    let recoded = try format.encode(decoded)
                    if recoded != code {
                        failures.append("\(decoded) encodes as 0x\(String(recoded, radix: 16)), not 0x\(String(code, radix: 16))")
                    }
                } else {
                    #expect(try format.decode(format.encode(.nan)).isNaN, "\(format) canonical NaN")
                }
                if failures.count > 10 { break }
            }
            #expect(failures.isEmpty, "\(format): \(failures.prefix(10).joined(separator: "; "))")
        }
    }

    @Test("known encodings from the specifications")
    func knownEncodings() throws {
        #expect(try FloatFormat.e4m3fn.encode(448) == 0x7E)
        #expect(try FloatFormat.e4m3fn.encode(.nan) == 0x7F)
        #expect(try FloatFormat.e4m3fn.encode(-0.0) == 0x80)
        #expect(try FloatFormat.e5m2.encode(.infinity) == 0x7C)
        #expect(try FloatFormat.e5m2.encode(-57344) == 0xFB)
        #expect(try FloatFormat.e4m3fnuz.encode(.nan) == 0x80)
        #expect(try FloatFormat.e4m3fnuz.encode(-0.0) == 0x00)
        #expect(try FloatFormat.binary16.encode(1) == 0x3C00)
        #expect(try FloatFormat.binary16.encode(65504) == 0x7BFF)
        #expect(try FloatFormat.binary16.encode(0x1p-24) == 0x0001)
        #expect(try FloatFormat.bfloat16.encode(1) == 0x3F80)
        #expect(try FloatFormat.e8m0.encode(1) == 0x7F)
        #expect(try FloatFormat.e8m0.encode(0x1p-127) == 0x00)
        #expect(try FloatFormat.e8m0.encode(.nan) == 0xFF)
        #expect(try FloatFormat.e2m1.encode(6) == 0x7)
        #expect(try FloatFormat.e2m1.encode(-0.5) == 0x9)
        #expect(try FloatFormat(named: "binary8p4").encode(.infinity) == 0x7F)
        #expect(try FloatFormat(named: "binary8p4").encode(-.infinity) == 0xFF)
        #expect(try FloatFormat(named: "binary8p4").encode(.nan) == 0x80)
        #expect(try FloatFormat.binary32.encode(1, as: UInt32.self) == 0x3F80_0000)
        #expect(try FloatFormat.binary64.encode(-2) == (-2.0).bitPattern)
        #expect(try FloatFormat.binary64.decode((0.1).bitPattern) == 0.1)
        #expect(try FloatFormat.binary32.decode(UInt32(0x7F7F_FFFF)) == Double(Float.greatestFiniteMagnitude))
    }

    @Test("binary32 and binary64 codes agree with the hardware on random patterns")
    func hardwareAgreement() throws {
        var generator = Xoshiro256(seed: 5)
        for _ in 0..<100_000 {
            let bits32 = UInt32(truncatingIfNeeded: generator.next())
            let single = Float(bitPattern: bits32)
            let decoded = try FloatFormat.binary32.decode(UInt64(bits32))
            #expect(sameValue(decoded, Double(single)))
            if !single.isNaN { #expect(try FloatFormat.binary32.encode(Double(single)) == UInt64(bits32)) }
            let bits64 = generator.next()
            let double = Double(bitPattern: bits64)
            if !double.isNaN {
                #expect(try FloatFormat.binary64.encode(double) == bits64)
                #expect(try FloatFormat.binary64.decode(bits64).bitPattern == bits64)
            }
        }
    }

    @Test("values that are not in the format have no encoding")
    func notRepresentable() {
        let cases: [(FloatFormat, Double)] = [
            (.e4m3fn, 480), (.e4m3fn, .infinity), (.e4m3fn, 0.1), (.e2m1, .nan), (.e2m1, 5),
            (.e8m0, 0), (.e8m0, -1), (.e8m0, 3), (.binary16, 0x1p-25), (.e5m2, 1e6),
            (try! FloatFormat(precision: 4, maxExponent: 7, hasSubnormals: false), 0x1p-8),
        ]
        for (format, value) in cases {
            #expect(throws: FormatError.self, "\(format) \(value)") { try format.encode(value) }
        }
        #expect(throws: FormatError.self) { try FloatFormat.e4m3fn.decode(0x100) }
        #expect(throws: FormatError.self) { try FloatFormat.binary16.encode(1, as: UInt8.self) }
        // A custom format whose range does not fill its exponent field.
        let custom = try! FloatFormat(precision: 3, maxExponent: 4, minExponent: -6)
        #expect(custom.exponentBitCount == 4)
        #expect(throws: FormatError.self) { try custom.decode(0b0_1110_00) }
    }
}
