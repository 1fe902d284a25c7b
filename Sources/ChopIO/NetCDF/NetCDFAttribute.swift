#if NetCDF
import CNetCDF

/// An attribute's value.
public enum NetCDFAttribute: Sendable, Equatable {
    /// A `char` attribute.
    case text(String)
    /// A numeric attribute, converted to doubles.
    case numbers([Double])
    /// A `string` attribute (NetCDF-4).
    case strings([String])

    /// The numbers of a numeric attribute (nil otherwise).
    public var numbers: [Double]? {
        if case .numbers(let values) = self { values } else { nil }
    }

    /// The text of a `char` attribute or a one-string `string` attribute (nil otherwise).
    public var text: String? {
        switch self {
        case .text(let text): text
        case .strings(let strings) where strings.count == 1: strings[0]
        default: nil
        }
    }
}

extension NetCDFAttribute {
    /// Reads attribute `name` of variable `varID` (`NC_GLOBAL`: the group's); nil when absent.
    init?(reading name: String, _ groupID: Int32, _ varID: Int32, in file: String) throws(ChopIOError) {
        var type: Int32 = 0
        var length = 0
        let status = nc_inq_att(groupID, varID, name, &type, &length)
        if status == NC_ENOTATT { return nil }
        try checkNetCDF(status, file, "cannot read attribute \(name)")
        switch NetCDFType(rawValue: type) {
        case .char:
            var text = [CChar](repeating: 0, count: length + 1)
            try checkNetCDF(nc_get_att_text(groupID, varID, name, &text), file, "cannot read attribute \(name)")
            self = .text(String(decoding: text.prefix(length).prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        case .string:
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: max(length, 1))
            try checkNetCDF(nc_get_att_string(groupID, varID, name, &pointers), file, "cannot read attribute \(name)")
            self = .strings(pointers.prefix(length).map { $0.map { String(cString: $0) } ?? "" })
            nc_free_string(length, &pointers)
        case .some:
            var numbers = [Double](repeating: 0, count: max(length, 1))
            let status = nc_get_att_double(groupID, varID, name, &numbers)
            if status != NC_ERANGE { try checkNetCDF(status, file, "cannot read attribute \(name)") }
            self = .numbers(Array(numbers.prefix(length)))
        case nil:
            throw .badData(file, "attribute \(name) has a user-defined type, which chop does not read")
        }
    }
}
#endif
