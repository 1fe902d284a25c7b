#if NetCDF
import CNetCDF

/// Writes a copy of an open dataset's structure into a new file and fills its variables:
/// the definitions first (groups, dimensions, variables with their storage, attributes),
/// then the data, variable by variable.
struct NetCDFWriter {
    let dataset: NetCDFDataset
    let outputID: Int32
    let output: String
    /// Each input variable's group and id in the output, by path.
    private var placed: [String: (group: Int32, id: Int32)] = [:]
    /// Each input dimension's id in the output.
    private var dimensions: [Int32: Int32] = [:]

    init(dataset: NetCDFDataset, outputID: Int32, output: String) {
        self.dataset = dataset
        self.outputID = outputID
        self.output = output
    }

    /// Defines `group` (and its subgroups) in output group `target`; `extraAttributes`
    /// gives the text attributes a variable gains (nil: none, and its `chop_` attributes
    /// are copied as they are; otherwise they are replaced).
    mutating func define(
        _ group: NetCDFGroup, in target: Int32, extraAttributes: (NetCDFVariable) -> [(String, String)]?
    ) throws(ChopIOError) {
        let input = dataset.path
        for attribute in try NetCDFGroup.attributeNames(group.id, NC_GLOBAL, in: input) {
            try checkNetCDF(nc_copy_att(group.id, NC_GLOBAL, attribute, target, NC_GLOBAL), output, "cannot copy global attribute \(attribute)")
        }
        for dimension in group.dimensions {
            var id: Int32 = 0
            try checkNetCDF(
                nc_def_dim(target, dimension.name, dimension.isUnlimited ? Int(NC_UNLIMITED) : dimension.length, &id), output,
                "cannot define dimension \(dimension.name)")
            dimensions[dimension.id] = id
        }
        for variable in group.variables {
            let dimensionIDs = variable.dimensions.map { dimensions[$0.id] ?? -1 }
            var id: Int32 = 0
            try checkNetCDF(
                nc_def_var(target, variable.name, variable.rawType, Int32(dimensionIDs.count), dimensionIDs, &id), output,
                "cannot define variable \(variable.path)")
            placed[variable.path] = (target, id)
            if dataset.format.isNetCDF4 { try defineStorage(of: variable, as: id, in: target) }
            var noFill: Int32 = 0
            try checkNetCDF(nc_inq_var_fill(variable.group, variable.id, &noFill, nil), input, "cannot read the fill mode of \(variable.path)")
            if noFill != 0 {
                try checkNetCDF(nc_def_var_fill(target, id, 1, nil), output, "cannot set the fill mode of \(variable.path)")
            }
            let extra = extraAttributes(variable)
            for attribute in try NetCDFGroup.attributeNames(variable.group, variable.id, in: input)
            where extra == nil || !attribute.hasPrefix("chop_") {
                try checkNetCDF(
                    nc_copy_att(variable.group, variable.id, attribute, target, id), output,
                    "cannot copy attribute \(attribute) of \(variable.path)")
            }
            for (name, text) in extra ?? [] {
                try checkNetCDF(nc_put_att_text(target, id, name, text.utf8.count, text), output, "cannot write attribute \(name) of \(variable.path)")
            }
        }
        for child in group.children {
            var id: Int32 = 0
            try checkNetCDF(nc_def_grp(target, child.name, &id), output, "cannot define group \(child.path)")
            try define(child, in: id, extraAttributes: extraAttributes)
        }
    }

    /// Gives output variable `id` the input variable's layout, chunks, compression, filters
    /// and byte order.
    private func defineStorage(of variable: NetCDFVariable, as id: Int32, in target: Int32) throws(ChopIOError) {
        let storage = try NetCDFStorage(reading: variable, in: dataset.path)
        let what = "cannot set the storage of variable \(variable.path)"
        switch storage.layout {
        case .chunked(let sizes): try checkNetCDF(nc_def_var_chunking(target, id, NC_CHUNKED, sizes), output, what)
        case .compact: try checkNetCDF(nc_def_var_chunking(target, id, NC_COMPACT, nil), output, what)
        case .contiguous: if !variable.shape.isEmpty { try checkNetCDF(nc_def_var_chunking(target, id, NC_CONTIGUOUS, nil), output, what) }
        }
        if storage.shuffle || storage.deflateLevel != nil {
            try checkNetCDF(
                nc_def_var_deflate(target, id, storage.shuffle ? 1 : 0, storage.deflateLevel != nil ? 1 : 0, Int32(storage.deflateLevel ?? 0)),
                output, what)
        }
        if storage.fletcher32 { try checkNetCDF(nc_def_var_fletcher32(target, id, 1), output, what) }
        if storage.endianness != 0 { try checkNetCDF(nc_def_var_endian(target, id, storage.endianness), output, what) }
        for filter in storage.filters {
            try checkNetCDF(
                nc_def_var_filter(target, id, filter.id, filter.parameters.count, filter.parameters), output,
                "cannot apply HDF5 filter \(filter.id) to variable \(variable.path) (is its plugin installed?)")
        }
    }

    /// Writes rounded values (exactly representable in the variable's type) to the output's
    /// copy of `variable`.
    func write(_ values: [Double], to variable: NetCDFVariable) throws(ChopIOError) {
        guard !values.isEmpty, let (group, id) = placed[variable.path] else { return }
        let count = variable.ioShape
        let start = [Int](repeating: 0, count: count.count)
        let what = "cannot write variable \(variable.path)"
        if variable.type == .float {
            let floats = values.map { Float($0) }
            try checkNetCDF(nc_put_vara_float(group, id, start, count, floats), output, what)
        } else {
            try checkNetCDF(nc_put_vara_double(group, id, start, count, values), output, what)
        }
    }

    /// Copies `variable`'s data unchanged, in slabs of at most 64 MiB along its first dimension.
    func copy(_ variable: NetCDFVariable) throws(ChopIOError) {
        guard variable.elementCount > 0, let (group, id) = placed[variable.path] else { return }
        var elementSize = 0
        try checkNetCDF(nc_inq_type(variable.group, variable.rawType, nil, &elementSize), dataset.path, "cannot size the type of \(variable.path)")
        let shape = variable.ioShape
        let rowElements = shape.dropFirst().reduce(1, *)
        let rowsPerSlab = max(1, (64 << 20) / max(1, rowElements * elementSize))
        var start = [Int](repeating: 0, count: shape.count)
        var count = shape
        var row = 0
        while row < shape[0] {
            let rows = min(rowsPerSlab, shape[0] - row)
            start[0] = row
            count[0] = rows
            let elements = rows * rowElements
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: elements * elementSize, alignment: 16)
            defer { buffer.deallocate() }
            try checkNetCDF(nc_get_vara(variable.group, variable.id, start, count, buffer), dataset.path, "cannot read variable \(variable.path)")
            defer { if variable.type == .string { nc_free_string(elements, buffer.assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self)) } }
            try checkNetCDF(nc_put_vara(group, id, start, count, buffer), output, "cannot write variable \(variable.path)")
            row += rows
        }
    }
}
#endif
