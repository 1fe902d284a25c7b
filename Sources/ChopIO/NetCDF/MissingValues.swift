#if NetCDF
import CNetCDF

import ChopFormats

/// The values that mark a variable's missing elements: its fill value and `missing_value`s.
struct MissingValues {
    var values: [Double] = []
    var includesNaN = false

    func contains(_ value: Double) -> Bool { value.isNaN ? includesNaN : values.contains(value) }

    /// Reads the markers of `variable`, refusing a `_FillValue` beyond the range of a float
    /// rounder that does not saturate.
    init(of variable: NetCDFVariable, in dataset: NetCDFDataset, rounder: any FormatRounder) throws(ChopIOError) {
        var markers: [Double] = []
        if let fill = try dataset.attribute("_FillValue", of: variable)?.numbers?.first {
            markers.append(fill)
            if let float = rounder as? FloatRounder, float.overflow != .saturate, fill.isFinite,
                fill.magnitude > float.format.greatestFiniteMagnitude
            {
                throw .usage(.fillValueOutsideFormat(
                    variable: variable.path, fill: fill, format: float.format.name, greatest: float.format.greatestFiniteMagnitude))
            }
        } else {
            var noFill: Int32 = 0
            if variable.type == .float {
                var fill: Float = 0
                try checkNetCDF(nc_inq_var_fill(variable.group, variable.id, &noFill, &fill), dataset.path, "cannot read the fill value of \(variable.path)")
                if noFill == 0 { markers.append(Double(fill)) }
            } else {
                var fill: Double = 0
                try checkNetCDF(nc_inq_var_fill(variable.group, variable.id, &noFill, &fill), dataset.path, "cannot read the fill value of \(variable.path)")
                if noFill == 0 { markers.append(fill) }
            }
        }
        markers += try dataset.attribute("missing_value", of: variable)?.numbers ?? []
        includesNaN = markers.contains { $0.isNaN }
        values = markers.filter { !$0.isNaN }
    }
}
#endif
