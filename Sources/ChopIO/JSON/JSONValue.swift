/// A JSON value whose objects keep their keys in the order written: the one reader and
/// writer of JSON in the package (safetensors headers, every `--json` and `--stats-json`
/// output). Strings are escaped; non-finite numbers are written as `null` (JSON has no NaN
/// or infinity).
package enum JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    case string(String)
    case double(Double)
    case int(Int)
    case unsigned(UInt64)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .int(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(floatLiteral value: Double) { self = .double(value) }
    package init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    package init(nilLiteral: ()) { self = .null }

    /// An optional value: `null` when absent.
    package static func optional(_ value: JSONValue?) -> JSONValue { value ?? .null }

    /// The value as one line of JSON text.
    package var text: String {
        switch self {
        case .string(let s): Self.quoted(s)
        case .double(let x): x.isFinite ? "\(x)" : "null"
        case .int(let n): "\(n)"
        case .unsigned(let n): "\(n)"
        case .bool(let b): "\(b)"
        case .null: "null"
        case .array(let elements): "[" + elements.map(\.text).joined(separator: ", ") + "]"
        case .object(let fields): "{" + fields.map { Self.quoted($0.key) + ": " + $0.value.text }.joined(separator: ", ") + "}"
        }
    }

    /// `s` as a JSON string: quotes, backslashes and control characters escaped.
    package static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
