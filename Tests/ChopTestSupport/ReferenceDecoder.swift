#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ChopFormats

/// The value of every bit pattern of a format, computed from the field definitions of
/// the Contracts article (Formats) with `pow` and plain case analysis: independent of the library's decoder.
public enum ReferenceDecoder {
    /// What a bit pattern means.
    public enum Meaning: Equatable, Sendable {
        case number(Double)
        case infinity(negative: Bool)
        case nan
        /// Not an encoding of the format (exponent codes beyond a custom emax, subnormal
        /// patterns in a format without subnormals).
        case unused
    }

    /// The meaning of `code` in `format`, from the format's layout (exponent bits,
    /// significand bits, bias, convention) alone.
    public static func meaning(of code: UInt64, in format: FloatFormat) -> Meaning {
        let x = format.exponentBitCount
        let y = format.significandBitCount
        let width = format.bitWidth
        let signed = format.specialValues != .unsigned
        let sign = signed ? (code >> UInt64(width - 1)) & 1 : 0
        let e = Int((code >> UInt64(y)) & ((1 << UInt64(x)) - 1))
        let t = code & ((1 << UInt64(y)) - 1)
        let allOnesE = (1 << x) - 1
        let allOnesT: UInt64 = (1 << UInt64(y)) - 1
        let onlySign: UInt64 = 1 << UInt64(width - 1)
        switch format.specialValues {
        case .ieee:
            if e == allOnesE { return t == 0 ? .infinity(negative: sign == 1) : .nan }
        case .fn:
            if e == allOnesE && t == allOnesT { return .nan }
        case .fnuz:
            if code == onlySign { return .nan }
        case .p3109:
            if code == onlySign { return .nan }
            if code & (onlySign - 1) == onlySign - 1 { return .infinity(negative: sign == 1) }
        case .finite:
            break
        case .unsigned:
            if e == allOnesE { return .nan }
        }
        let bias = Double(format.exponentBias)
        let fraction = Double(t) / pow(2, Double(y))
        let magnitude: Double
        if format.specialValues == .unsigned {
            magnitude = pow(2, Double(e) - bias)
        } else if e == 0 {
            if t != 0 && !format.hasSubnormals { return .unused }
            magnitude = fraction * pow(2, 1 - bias)
        } else {
            magnitude = (1 + fraction) * pow(2, Double(e) - bias)
            // A custom format whose exponent range does not fill its field.
            if Double(e) - bias > Double(format.maxExponent) { return .unused }
        }
        return .number(sign == 1 ? -magnitude : magnitude)
    }

    /// Every distinct finite value of the format of at most 24 bits, ascending (with
    /// one zero).
    public static func finiteValues(of format: FloatFormat) -> [Double] {
        precondition(format.bitWidth <= 24, "enumerating \(format.bitWidth)-bit formats is not supported")
        var values = Set<Double>()
        for code in 0..<(UInt64(1) << UInt64(format.bitWidth)) {
            if case .number(let value) = meaning(of: code, in: format) { values.insert(value == 0 ? 0 : value) }
        }
        return values.sorted()
    }
}
