/// Why a format, rounding mode, encoding or rounding request was refused.
///
/// Each case's ``description`` is a one-line message that names the problem and, for
/// unknown names, lists the valid ones.
public enum FormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No format has this name; `validNames` lists the accepted ones (empty: the float and
    /// posit names).
    case unknownFormat(String, validNames: [String] = [])
    /// The shape does not hold the number of values, or has a negative extent.
    case invalidShape(shape: [Int], count: Int)
    /// The format's family cannot do what was asked (`need` says what was needed).
    case unsupportedFamily(format: String, family: FormatFamily, need: String)
    /// No rounding mode has this name.
    case unknownRoundingMode(String)
    /// No overflow behaviour has this name.
    case unknownOverflowBehavior(String)
    /// The parameters do not describe a format this package can emulate.
    case invalidParameters(String)
    /// The format cannot apply this overflow behaviour (for example `infinity` for a
    /// format without an infinity).
    case unsupportedOverflow(format: String, behavior: OverflowBehavior)
    /// The bit pattern is not an encoding of the format.
    case invalidCode(UInt64, format: String)
    /// The value is not exactly representable in the format, so it has no encoding.
    case notRepresentable(Double, format: String)
    /// The rounding mode's parameters are out of range.
    case invalidRoundingMode(String)
    /// The values cannot be stored in the requested element type (for example a format
    /// with more than 24 bits of precision applied to `Float` data).
    case unsupportedElementType(String)

    public var description: String {
        switch self {
        case .unknownFormat(let name, let validNames):
            "unknown format '\(name)'; valid names: \(validNames.isEmpty ? FloatFormat.validNamesSummary : validNames.joined(separator: ", "))"
        case .invalidShape(let shape, let count):
            "shape \(shape) does not hold \(count) values"
        case .unsupportedFamily(let format, let family, let need):
            "\(format) is a\(family == .integer ? "n" : "") \(family) format; this needs \(need)"
        case .unknownRoundingMode(let name):
            "unknown rounding mode '\(name)'; valid modes: \(RoundingMode.validNames.joined(separator: ", "))"
        case .unknownOverflowBehavior(let name):
            "unknown overflow behaviour '\(name)'; valid: \(OverflowBehavior.allCases.map(\.name).joined(separator: ", "))"
        case .invalidParameters(let reason):
            "invalid format: \(reason)"
        case .unsupportedOverflow(let format, let behavior):
            "format \(format) cannot overflow to \(behavior.name): it has no \(behavior == .infinity ? "infinity" : "NaN")"
        case .invalidCode(let code, let format):
            "0x\(String(code, radix: 16)) is not an encoding of \(format)"
        case .notRepresentable(let value, let format):
            "\(value) is not representable in \(format)"
        case .invalidRoundingMode(let reason):
            "invalid rounding mode: \(reason)"
        case .unsupportedElementType(let reason):
            reason
        }
    }
}

extension FormatError {
    /// Checks that a row-major `shape` holds `count` values.
    ///
    /// - Throws: ``invalidShape(shape:count:)`` for a negative extent or another count.
    public static func check(shape: [Int], count: Int) throws(FormatError) {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == count else {
            throw .invalidShape(shape: shape, count: count)
        }
    }
}
