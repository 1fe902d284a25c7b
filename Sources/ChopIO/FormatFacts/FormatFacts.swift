import ChopBlocks
import ChopFormats

/// A format's numbers as a JSON object, for every family: what `chop formats --json` lists
/// and the C interface's `chop_format_info` returns.
///
/// Every object has `name`, `family` and `bits` (the codes' width: the elements' for block
/// formats). Floats add their precision, exponent range, extremes, unit roundoff and special
/// values; posits `es`, `precision` (the most significand bits, at scale 0), `max` and `min`;
/// integer formats their code range (and fixed point its fraction bits); block formats their
/// element, block size, scale format and whether a tensor scale applies. Infinite or NaN
/// numbers print as null.
public enum FormatFacts {
    /// The object for `format`, with `aliases` where the caller knows them.
    public static func json(_ format: any NumberFormat, aliases: [String]? = nil) -> String {
        object(format, aliases: aliases).text
    }

    static func object(_ format: any NumberFormat, aliases: [String]?) -> JSONValue {
        var fields: [(key: String, value: JSONValue)] = [("name", .string(format.name))]
        if let aliases { fields.append(("aliases", .array(aliases.map(JSONValue.string)))) }
        fields += [("family", .string(format.family.rawValue)), ("bits", .int(format.bitWidth))]
        switch format {
        case let float as FloatFormat: fields += Self.float(float)
        case let posit as PositFormat:
            fields += [
                ("es", .int(posit.exponentSize)), ("precision", .int(posit.precision)), ("max", .double(posit.greatestFiniteMagnitude)),
                ("min", .double(posit.leastNonzeroMagnitude)),
            ]
        case let integer as IntegerFormat:
            fields += [("code_min", .int(Int(integer.codeRange.lowerBound))), ("code_max", .int(Int(integer.codeRange.upperBound)))]
            if case .fixed(_, let fractionBits) = integer { fields.append(("fraction_bits", .int(fractionBits))) }
        case let block as BlockFormat:
            fields += [
                ("element", .string(block.element.name)), ("element_max", .double(block.element.greatestMagnitude)),
                ("block_size", .int(block.blockSize)), ("scale", .string(block.scale.format.name)),
                ("scale_bits", .int(block.scale.bitWidth)), ("tensor_scale", .bool(block.hasTensorScale)),
            ]
        default: break
        }
        return .object(fields)
    }

    static func float(_ format: FloatFormat) -> [(key: String, value: JSONValue)] {
        [
            ("precision", .int(format.precision)), ("emin", .int(format.minExponent)), ("emax", .int(format.maxExponent)),
            ("max", .double(format.greatestFiniteMagnitude)), ("min_normal", .double(format.leastNormalMagnitude)),
            ("min_subnormal", format.hasSubnormals ? .double(format.leastNonzeroMagnitude) : .null),
            ("unit_roundoff", .double(format.unitRoundoff)), ("infinity", .bool(format.hasInfinity)),
            ("nan", .bool(format.hasNaN)), ("negative_zero", .bool(format.hasNegativeZero)),
            ("special_values", .string(format.specialValues.rawValue)), ("bias", .int(format.exponentBias)),
            ("default_overflow", .string(format.defaultOverflow.name)),
        ]
    }
}
