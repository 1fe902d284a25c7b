#if NetCDF
/// One variable: where it is, its type and its dimensions.
public struct NetCDFVariable: Sendable, Equatable {
    /// Its name in its group.
    public var name: String
    /// Its name in the root group; `group/sub/name` below it.
    public var path: String
    /// Its atomic type (nil for a user-defined type).
    public var type: NetCDFType?
    public var dimensions: [NetCDFDimension]
    /// The lengths of its dimensions (`[]` for a scalar).
    public var shape: [Int] { dimensions.map(\.length) }
    public var elementCount: Int { shape.reduce(1, *) }
    /// The shape the library reads and writes it in: a scalar is one element.
    var ioShape: [Int] { shape.isEmpty ? [1] : shape }
    let group: Int32
    let id: Int32
    let rawType: Int32

    var typeName: String { type?.name ?? "user-defined type \(rawType)" }
}
#endif
