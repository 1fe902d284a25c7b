import ChopFormats
import Testing

/// A custom IEEE-like format declared as a user would: 7 bits, E4M2.
enum CustomE4M2: IEEEMinifloatFormat {
    static let arithmetic = FormatArithmetic(try! FloatFormat(exponentBits: 4, significandBits: 2))
}

/// Every code of a format of at most 16 bits, as typed scalars.
func everyValue<F: MinifloatFormat>(_: F.Type) -> [Minifloat<F>] {
    let format = Minifloat<F>.format
    return (0..<UInt64(format.encodingCount)).compactMap { code in
        (try? format.decode(code)).map { _ in Minifloat<F>(bitPattern: code) }
    }
}

/// The significant digits of a printed number: `100.0` has one, `9.984e3` four.
func significantDigits(_ text: String) -> Int {
    let mantissa = text.split(separator: "e")[0].filter(\.isNumber)
    return mantissa.drop { $0 == "0" }.reversed().drop { $0 == "0" }.count
}

/// The laws every format keeps: comparison and hashing of values, exact negation,
/// printing that reads back, codes that round-trip.
func checkCommonLaws<F: MinifloatFormat>(_: F.Type) {
    let format = Minifloat<F>.format
    var failures: [String] = []
    for x in everyValue(F.self) {
        let code = x.bitPattern
        if Minifloat<F>(bitPattern: code).bitPattern != code { failures.append("code \(code) does not round-trip") }
        if x.doubleValue.isNaN {
            if x == x || x < x || x > x || x <= x || !(x != x) { failures.append("NaN is ordered") }
            continue
        }
        if x != x { failures.append("\(x) != itself") }
        if x.hashValue != Minifloat<F>(x.doubleValue).hashValue { failures.append("hash of \(x) unstable") }
        // Printing reads back as the same value, and is never longer than the double's.
        if let read = Double(x.description), format.round(read, .toNearestOrEven) != x.doubleValue {
            failures.append("\(x.description) reads back as \(format.round(read, .toNearestOrEven))")
        } else if Double(x.description) == nil && x.doubleValue.isFinite {
            failures.append("\(x.description) is not a number")
        }
        if x.doubleValue.isFinite && significantDigits(x.description) > significantDigits("\(x.doubleValue)") {
            failures.append("\(x.description) longer than \(x.doubleValue)")
        }
        if !format.hasNegativeZero && (-x).doubleValue == 0 && (-x).doubleValue.sign == .minus {
            failures.append("-\(x) is -0, which \(format.name) does not have")
        }
        if format.isSigned {
            let twice = -(-x)
            if twice.bitPattern != code && !(format.hasNegativeZero == false && x.doubleValue == 0) {
                failures.append("-(-\(x)) has code \(twice.bitPattern), not \(code)")
            }
        }
    }
    #expect(failures.isEmpty, "\(format.name): \(failures.prefix(5))")
}

/// The `FloatingPoint` laws of IEEE-like formats.
func checkFloatingPointLaws<F: IEEEMinifloatFormat>(_: F.Type) {
    typealias T = Minifloat<F>
    let values = everyValue(F.self)
    var failures: [String] = []
    // ±0 equal and hash-equal; -x keeps -0.
    if !(T(0) == -T(0)) || T(0).hashValue != (-T(0)).hashValue { failures.append("±0") }
    if (-T(0)).sign != .minus { failures.append("-0 lost its sign") }
    var zero = T(0)
    zero.negate()
    if zero.sign != .minus { failures.append("negate() of +0 is not -0") }
    // nextUp steps through the sorted values, one at a time.
    let ordered = values.filter { !$0.isNaN }.sorted { $0 < $1 || ($0 == $1 && $0.sign == .minus && $1.sign == .plus) }
    for (x, next) in zip(ordered, ordered.dropFirst()) where x != next {
        if x.nextUp.doubleValue != next.doubleValue && !(next.isZero && x.nextUp.isZero) {
            failures.append("\(x).nextUp = \(x.nextUp), expected \(next)")
        }
        if next.nextDown.doubleValue != x.doubleValue && !(x.isZero && next.nextDown.isZero) {
            failures.append("\(next).nextDown = \(next.nextDown), expected \(x)")
        }
    }
    for x in values where x.isFinite {
        // ulp: the gap to the next larger magnitude, and the same through the exponent.
        let up = x.magnitude.nextUp
        if up.isFinite && x.ulp.doubleValue != up.doubleValue - x.magnitude.doubleValue {
            failures.append("\(x).ulp = \(x.ulp)")
        }
        // Fields read back; the standard library's generic conversion agrees with the value.
        let rebuilt = T(sign: x.sign, exponentBitPattern: x.exponentBitPattern, significandBitPattern: x.significandBitPattern)
        if rebuilt.bitPattern != x.bitPattern { failures.append("fields of \(x)") }
        if Float(exactly: x) != Float(x.doubleValue) && T.significandBitCount <= 23 { failures.append("Float(exactly: \(x))") }
        if x.isZero == false {
            let built = T(sign: x.sign, exponent: x.exponent, significand: x.significand)
            if built != x { failures.append("sign/exponent/significand of \(x) give \(built)") }
        }
        if x.isSubnormal != (x.doubleValue != 0 && x.doubleValue.magnitude < T.format.leastNormalMagnitude) {
            failures.append("isSubnormal of \(x)")
        }
    }
    #expect(failures.isEmpty, "\(T.format.name): \(failures.prefix(5))")
    #expect(T.infinity.isInfinite && T.nan.isNaN && T.greatestFiniteMagnitude.nextUp == .infinity)
    #expect(T.greatestFiniteMagnitude.doubleValue == T.format.greatestFiniteMagnitude)
}

@Suite("Typed scalars: protocol laws")
struct MinifloatLawTests {
    @Test("every code of every preset and a custom format keeps the common laws")
    func commonLaws() {
        checkCommonLaws(HalfFormat.self)
        checkCommonLaws(BFloat16Format.self)
        checkCommonLaws(Float8E5M2Format.self)
        checkCommonLaws(Float8E3M4Format.self)
        checkCommonLaws(Float8E4M3FNFormat.self)
        checkCommonLaws(Float8E4M3FNUZFormat.self)
        checkCommonLaws(Float8E5M2FNUZFormat.self)
        checkCommonLaws(Float8E4M3B11FNUZFormat.self)
        checkCommonLaws(Float6E3M2FNFormat.self)
        checkCommonLaws(Float6E2M3FNFormat.self)
        checkCommonLaws(Float4E2M1FNFormat.self)
        checkCommonLaws(Float8E8M0FNUFormat.self)
        checkCommonLaws(CustomE4M2.self)
    }

    @Test("IEEE-like formats keep the FloatingPoint laws")
    func floatingPointLaws() {
        checkFloatingPointLaws(HalfFormat.self)
        checkFloatingPointLaws(BFloat16Format.self)
        checkFloatingPointLaws(Float8E5M2Format.self)
        checkFloatingPointLaws(Float8E3M4Format.self)
        checkFloatingPointLaws(CustomE4M2.self)
    }

    @Test("formats without -0 or without a sign negate as their encoding allows")
    func negationWithoutNegativeZero() {
        #expect((-Float8E4M3FNUZ(0)).bitPattern == 0)
        #expect((-Float8E8M0FNU(2)).doubleValue.isNaN)
        #expect((-Float4E2M1FN(0)).bitPattern == 0b1000)
    }
}
