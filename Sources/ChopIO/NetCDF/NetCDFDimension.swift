#if NetCDF
/// One dimension: its name, current length and whether it is unlimited.
public struct NetCDFDimension: Sendable, Equatable {
    public var name: String
    public var length: Int
    public var isUnlimited: Bool
    let id: Int32
}
#endif
