/// A JSON value whose objects keep their keys in the order written: the one writer of every
/// `--json` and `--stats-json` output. Strings are escaped; non-finite numbers are written
/// as `null` (JSON has no NaN or infinity).
enum JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
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

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(floatLiteral value: Double) { self = .double(value) }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    init(nilLiteral: ()) { self = .null }

    /// An optional value: `null` when absent.
    static func optional(_ value: JSONValue?) -> JSONValue { value ?? .null }

    /// The value as one line of JSON text.
    var text: String {
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
    static func quoted(_ s: String) -> String {
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
