#if NetCDF
import CNetCDF

/// The on-disk formats of netCDF, by `nc_inq_format`'s number.
public enum NetCDFFileFormat: Int32, Sendable {
    case classic = 1, offset64 = 2, netCDF4 = 3, netCDF4Classic = 4, cdf5 = 5

    /// Whether the file is HDF5-based (groups, chunking, compression, the newer types).
    public var isNetCDF4: Bool { self == .netCDF4 || self == .netCDF4Classic }

    /// The `nc_create` mode that makes a file of this format.
    var createMode: Int32 {
        switch self {
        case .classic: NC_CLOBBER
        case .offset64: NC_CLOBBER | NC_64BIT_OFFSET
        case .cdf5: NC_CLOBBER | NC_64BIT_DATA
        case .netCDF4: NC_CLOBBER | NC_NETCDF4
        case .netCDF4Classic: NC_CLOBBER | NC_NETCDF4 | NC_CLASSIC_MODEL
        }
    }
}
#endif
