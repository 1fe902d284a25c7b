/// Why a format, rounding mode, encoding or rounding request was refused.
///
/// Each case's ``description`` is a one-line message that names the problem and, for
/// unknown names, lists the valid ones.
public enum FormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No format has this name.
    case unknownFormat(String)
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
        case .unknownFormat(let name):
            "unknown format '\(name)'; valid names: \(FloatFormat.validNamesSummary)"
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
