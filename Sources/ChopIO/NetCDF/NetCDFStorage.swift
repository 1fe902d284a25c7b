#if NetCDF
import CNetCDF

/// How a NetCDF-4 variable is stored (classic files are always contiguous and uncompressed).
public struct NetCDFStorage: Sendable, Equatable {
    public enum Layout: Sendable, Equatable {
        case contiguous
        case chunked([Int])
        case compact
    }

    public var layout = Layout.contiguous
    /// The deflate (zlib) level, nil when not deflated.
    public var deflateLevel: Int?
    public var shuffle = false
    public var fletcher32 = false
    /// Byte order on disk: 0 native, 1 little, 2 big (`NC_ENDIAN_*`).
    public var endianness: Int32 = 0
    /// Other HDF5 filters, by id, with their parameters, in pipeline order.
    public var filters: [Filter] = []

    public struct Filter: Sendable, Equatable {
        public var id: UInt32
        public var parameters: [UInt32]
    }

    public init() {}
}

extension NetCDFStorage {
    /// Reads the storage settings of a NetCDF-4 variable.
    init(reading variable: NetCDFVariable, in file: String) throws(ChopIOError) {
        let (group, id) = (variable.group, variable.id)
        let what = "cannot read the storage of variable \(variable.path)"
        var kind: Int32 = 0
        var chunks = [Int](repeating: 0, count: max(variable.shape.count, 1))
        try checkNetCDF(nc_inq_var_chunking(group, id, &kind, &chunks), file, what)
        switch kind {
        case NC_CHUNKED: layout = .chunked(Array(chunks.prefix(variable.shape.count)))
        case NC_COMPACT: layout = .compact
        default: layout = .contiguous
        }
        var shuffle: Int32 = 0
        var deflate: Int32 = 0
        var level: Int32 = 0
        try checkNetCDF(nc_inq_var_deflate(group, id, &shuffle, &deflate, &level), file, what)
        self.shuffle = shuffle != 0
        deflateLevel = deflate != 0 ? Int(level) : nil
        var fletcher: Int32 = 0
        try checkNetCDF(nc_inq_var_fletcher32(group, id, &fletcher), file, what)
        fletcher32 = fletcher != 0
        try checkNetCDF(nc_inq_var_endian(group, id, &endianness), file, what)
        var filterCount = 0
        try checkNetCDF(nc_inq_var_filter_ids(group, id, &filterCount, nil), file, what)
        guard filterCount > 0 else { return }
        var ids = [UInt32](repeating: 0, count: filterCount)
        try checkNetCDF(nc_inq_var_filter_ids(group, id, &filterCount, &ids), file, what)
        // 1 deflate, 2 shuffle, 3 fletcher32: kept above.
        for filterID in ids where filterID > 3 {
            var parameterCount = 0
            try checkNetCDF(nc_inq_var_filter_info(group, id, filterID, &parameterCount, nil), file, what)
            var parameters = [UInt32](repeating: 0, count: max(parameterCount, 1))
            try checkNetCDF(nc_inq_var_filter_info(group, id, filterID, &parameterCount, &parameters), file, what)
            filters.append(Filter(id: filterID, parameters: Array(parameters.prefix(parameterCount))))
        }
    }
}
#endif
