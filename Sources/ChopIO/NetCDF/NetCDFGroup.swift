#if NetCDF
import CNetCDF

/// One group of an open file, read once: its dimensions, variables and subgroups.
struct NetCDFGroup {
    let id: Int32
    /// "" for the root group, else `name` or `parent/name`.
    let path: String
    let name: String
    /// The dimensions defined in this group (not its parents').
    let dimensions: [NetCDFDimension]
    let variables: [NetCDFVariable]
    let children: [NetCDFGroup]

    /// Reads group `id` and its subgroups; `inherited` holds the dimensions its parents
    /// define, which its variables may use too.
    ///
    /// - Throws: bad data for a user-defined type (compound, enum, vlen, opaque), which
    ///   `chop` does not copy.
    init(
        reading id: Int32, path: String, in file: String, format: NetCDFFileFormat, inherited: [Int32: NetCDFDimension] = [:]
    ) throws(ChopIOError) {
        self.id = id
        self.path = path
        name = path.split(separator: "/").last.map(String.init) ?? ""
        let place = path.isEmpty ? "the root group" : "group \(path)"
        if format.isNetCDF4 {
            var typeCount: Int32 = 0
            try checkNetCDF(nc_inq_typeids(id, &typeCount, nil), file, "cannot list the types of \(place)")
            guard typeCount == 0 else {
                throw .badData(file, "\(place) defines \(typeCount) user-defined types (compound, enum, vlen or opaque), which chop does not copy")
            }
        }
        let unlimited = try Self.ids(file, place, "unlimited dimensions", { nc_inq_unlimdims(id, $0, $1) })

        var dimensions: [NetCDFDimension] = []
        for dimensionID in try Self.ids(file, place, "dimensions", { nc_inq_dimids(id, $0, $1, 0) }) {
            var length = 0
            let (status, name) = netCDFName { nc_inq_dim(id, dimensionID, $0, &length) }
            try checkNetCDF(status, file, "cannot read dimension \(dimensionID) of \(place)")
            dimensions.append(NetCDFDimension(name: name, length: length, isUnlimited: unlimited.contains(dimensionID), id: dimensionID))
        }
        self.dimensions = dimensions
        let visible = inherited.merging(dimensions.map { ($0.id, $0) }) { _, own in own }

        var variables: [NetCDFVariable] = []
        for variableID in try Self.ids(file, place, "variables", { nc_inq_varids(id, $0, $1) }) {
            var type: Int32 = 0
            var rank: Int32 = 0
            let (status, name) = netCDFName { nc_inq_var(id, variableID, $0, &type, &rank, nil, nil) }
            try checkNetCDF(status, file, "cannot read variable \(variableID) of \(place)")
            var dimensionIDs = [Int32](repeating: 0, count: Int(max(rank, 1)))
            try checkNetCDF(nc_inq_vardimid(id, variableID, &dimensionIDs), file, "cannot read the dimensions of variable \(name)")
            var shape: [NetCDFDimension] = []
            for dimensionID in dimensionIDs.prefix(Int(rank)) {
                guard let dimension = visible[dimensionID] else {
                    throw .badData(file, "variable \(name) of \(place) uses dimension \(dimensionID), which neither it nor a parent group defines")
                }
                shape.append(dimension)
            }
            variables.append(NetCDFVariable(
                name: name, path: path.isEmpty ? name : "\(path)/\(name)", type: NetCDFType(rawValue: type), dimensions: shape,
                group: id, id: variableID, rawType: type))
        }
        self.variables = variables

        var children: [NetCDFGroup] = []
        if format == .netCDF4 {
            for childID in try Self.ids(file, place, "subgroups", { nc_inq_grps(id, $0, $1) }) {
                let (status, childName) = netCDFName { nc_inq_grpname(childID, $0) }
                try checkNetCDF(status, file, "cannot read a subgroup name of \(place)")
                children.append(try NetCDFGroup(
                    reading: childID, path: path.isEmpty ? childName : "\(path)/\(childName)", in: file, format: format,
                    inherited: visible))
            }
        }
        self.children = children
    }

    /// This group's variables, then its subgroups', depth first.
    var allVariables: [NetCDFVariable] { variables + children.flatMap(\.allVariables) }

    /// The group at `path` ("" for this one).
    func group(at path: String) -> NetCDFGroup? {
        if path == self.path { return self }
        return children.lazy.compactMap { $0.group(at: path) }.first
    }

    /// The ids a two-call netCDF listing returns (count first, then the ids).
    private static func ids(
        _ file: String, _ place: String, _ what: String, _ list: (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>?) -> Int32
    ) throws(ChopIOError) -> [Int32] {
        var count: Int32 = 0
        try checkNetCDF(list(&count, nil), file, "cannot list the \(what) of \(place)")
        guard count > 0 else { return [] }
        var ids = [Int32](repeating: 0, count: Int(count))
        try checkNetCDF(list(&count, &ids), file, "cannot list the \(what) of \(place)")
        return ids
    }

    /// The attribute names of variable `varID` of group `groupID` (`NC_GLOBAL`: the group's).
    static func attributeNames(_ groupID: Int32, _ varID: Int32, in file: String) throws(ChopIOError) -> [String] {
        var count: Int32 = 0
        if varID == NC_GLOBAL {
            try checkNetCDF(nc_inq_natts(groupID, &count), file, "cannot count attributes")
        } else {
            try checkNetCDF(nc_inq_varnatts(groupID, varID, &count), file, "cannot count attributes")
        }
        var names: [String] = []
        for index in 0..<count {
            let (status, name) = netCDFName { nc_inq_attname(groupID, varID, index, $0) }
            try checkNetCDF(status, file, "cannot read the name of attribute \(index)")
            names.append(name)
        }
        return names
    }
}

#endif
