#if NetCDF
import CNetCDF

/// Turns a netCDF status into a ``ChopIOError`` naming the file, what was being done and the
/// library's message: `NC_ENOTNC` and HDF5 or format errors are bad data, everything else
/// (system errors included) I/O.
func checkNetCDF(_ status: Int32, _ path: String, _ what: @autoclosure () -> String) throws(ChopIOError) {
    guard status != NC_NOERR else { return }
    let problem = "\(what()): \(String(cString: nc_strerror(status)))"
    switch status {
    case NC_ENOTNC, NC_EHDFERR, NC_EBADDIM, NC_EBADTYPE, NC_ENAMEINUSE, NC_EINVALCOORDS, NC_EEDGE, NC_ETRUNC:
        throw .badData(path, problem)
    default:
        throw .io(path, problem)
    }
}

/// A name buffer of the netCDF library's largest name.
func netCDFName(_ body: (UnsafeMutablePointer<CChar>) -> Int32) -> (status: Int32, name: String) {
    var buffer = [CChar](repeating: 0, count: Int(NC_MAX_NAME) + 1)
    let status = buffer.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    return (status, String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
}
#endif
