#if NetCDF
/// The atomic types of a netCDF variable (the classic formats have the first six).
public enum NetCDFType: Int32, Sendable, CaseIterable {
    case byte = 1, char, short, int, float, double, ubyte, ushort, uint, int64, uint64, string

    /// The CDL name (`float`, `double`, `int64`, ...).
    public var name: String { "\(self)" }

    /// Whether `chop round` rounds variables of this type: `float` and `double`.
    public var isFloating: Bool { self == .float || self == .double }

    /// Whether its values are numbers (every type but `char` and `string`).
    public var isNumeric: Bool { self != .char && self != .string }
}
#endif
