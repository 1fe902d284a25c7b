#if NetCDF
import CNetCDF
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A netCDF file open for reading (NetCDF-4/HDF5, NetCDF-4 classic model, classic, 64-bit
/// offset, CDF-5): its groups, dimensions and variables, their attributes, storage and values.
///
/// ```swift
/// let dataset = try NetCDFDataset(path: "era5.nc")
/// let t2m = try dataset.values(of: dataset.variable(named: "t2m")!)   // row-major doubles
/// ```
///
/// Variables are listed group by group, depth first, in definition order; a variable's
/// ``NetCDFVariable/path`` is its name in the root group and `group/sub/name` below it. The
/// file is closed when the dataset is released.
public final class NetCDFDataset {
    public let path: String
    public let format: NetCDFFileFormat
    /// Every variable of every group.
    public let variables: [NetCDFVariable]
    let id: Int32
    let root: NetCDFGroup

    /// Opens `path`.
    ///
    /// - Throws: ``ChopIOError``: I/O when the file cannot be opened, bad data when it is not
    ///   netCDF or its structure cannot be read.
    public init(path: String) throws(ChopIOError) {
        self.path = path
        (id, format, root) = try NetCDFLock.shared.withLock { () throws(ChopIOError) in try Self.open(path) }
        variables = root.allVariables
    }

    /// Opens `path` and reads its groups (holding the library's lock).
    private static func open(_ path: String) throws(ChopIOError) -> (Int32, NetCDFFileFormat, NetCDFGroup) {
        var id: Int32 = 0
        let status = nc_open(path, NC_NOWRITE, &id)
        if [ENOENT, EACCES, EISDIR, ENOTDIR, ELOOP, ENAMETOOLONG, EMFILE, ENFILE, ENOMEM, EIO].contains(status) {
            try checkNetCDF(status, path, "cannot open it")
        } else if status != NC_NOERR {
            // A file the library cannot parse reports a netCDF status or EINVAL.
            throw .badData(path, "cannot open it as netCDF: \(String(cString: nc_strerror(status)))")
        }
        var rawFormat: Int32 = 0
        do throws(ChopIOError) {
            try checkNetCDF(nc_inq_format(id, &rawFormat), path, "cannot tell its netCDF format")
            guard let format = NetCDFFileFormat(rawValue: rawFormat) else {
                throw .badData(path, "unknown netCDF format \(rawFormat)")
            }
            return (id, format, try NetCDFGroup(reading: id, path: "", in: path, format: format))
        } catch {
            nc_close(id)
            throw error
        }
    }

    deinit { NetCDFLock.shared.withLock { _ = nc_close(id) } }

    /// The variable whose ``NetCDFVariable/path`` (or, in the root group, name) is `path`.
    public func variable(named path: String) -> NetCDFVariable? {
        variables.first { $0.path == path }
    }

    /// The values of a numeric variable in row-major order, converted to `Double` (exactly
    /// for every type but 64-bit integers beyond 2⁵³).
    ///
    /// - Throws: usage for a `char` or `string` variable; bad data when the values cannot be read.
    public func values(of variable: NetCDFVariable) throws(ChopIOError) -> [Double] {
        try NetCDFLock.shared.withLock { () throws(ChopIOError) in try read(variable) }
    }

    private func read(_ variable: NetCDFVariable) throws(ChopIOError) -> [Double] {
        guard let type = variable.type, type.isNumeric else {
            throw .usage("\(path): variable \(variable.path) holds \(variable.typeName), not numbers")
        }
        var values = [Double](repeating: 0, count: variable.elementCount)
        guard !values.isEmpty else { return values }
        let count = variable.ioShape
        let start = [Int](repeating: 0, count: count.count)
        if type == .float {
            var floats = [Float](repeating: 0, count: values.count)
            try checkNetCDF(nc_get_vara_float(variable.group, variable.id, start, count, &floats), path, "cannot read variable \(variable.path)")
            for index in floats.indices { values[index] = Double(floats[index]) }
        } else {
            try checkNetCDF(nc_get_vara_double(variable.group, variable.id, start, count, &values), path, "cannot read variable \(variable.path)")
        }
        return values
    }

    /// The names of a variable's attributes (nil: the group's or file's global attributes,
    /// `group` the group's path, "" the root), in definition order.
    public func attributeNames(of variable: NetCDFVariable?, group: String = "") throws(ChopIOError) -> [String] {
        let (groupID, varID) = try location(of: variable, group: group)
        return try NetCDFLock.shared.withLock { () throws(ChopIOError) in try NetCDFGroup.attributeNames(groupID, varID, in: path) }
    }

    /// An attribute's value (nil when there is none): `char` attributes as text, `string`
    /// attributes as strings, numeric attributes as doubles.
    public func attribute(_ name: String, of variable: NetCDFVariable?, group: String = "") throws(ChopIOError) -> NetCDFAttribute? {
        let (groupID, varID) = try location(of: variable, group: group)
        return try NetCDFLock.shared.withLock { () throws(ChopIOError) in try NetCDFAttribute(reading: name, groupID, varID, in: path) }
    }

    /// How a variable is stored: layout, chunk sizes, compression and filters.
    public func storage(of variable: NetCDFVariable) throws(ChopIOError) -> NetCDFStorage {
        guard format.isNetCDF4 else { return NetCDFStorage() }
        return try NetCDFLock.shared.withLock { () throws(ChopIOError) in try NetCDFStorage(reading: variable, in: path) }
    }

    private func location(of variable: NetCDFVariable?, group: String) throws(ChopIOError) -> (Int32, Int32) {
        if let variable { return (variable.group, variable.id) }
        guard let found = root.group(at: group) else { throw .usage("\(path): no group \(group)") }
        return (found.id, NC_GLOBAL)
    }
}

#endif
