import Chop

/// `--stats` and `--stats-json` for a file of named arrays (a safetensors checkpoint's
/// tensors, a netCDF file's variables): one row per rounded array.
struct TensorStatisticsReport {
    /// One rounded array; `missing` and `becameMissing` only for netCDF variables.
    struct Row {
        var name: String
        var shape: [Int]
        var type: String
        var statistics: TensorErrorStatistics?
        var missing: Int?
        var becameMissing: Int?
    }

    let rows: [Row]
    /// What the arrays are called: "tensors" or "variables".
    let noun: String
    let format: String
    let mode: RoundingMode
    let seed: UInt64

    init(reports: [SafetensorsJob.TensorReport], format: String, mode: RoundingMode, seed: UInt64) {
        rows = reports.map { Row(name: $0.name, shape: $0.shape, type: $0.dtype.rawValue, statistics: $0.statistics) }
        noun = "tensors"
        (self.format, self.mode, self.seed) = (format, mode, seed)
    }

    #if NetCDF
    init(reports: [NetCDFJob.VariableReport], format: String, mode: RoundingMode, seed: UInt64) {
        rows = reports.map {
            Row(name: $0.path, shape: $0.shape, type: $0.type.name, statistics: $0.statistics, missing: $0.missingElements,
                becameMissing: $0.becameMissing)
        }
        noun = "variables"
        (self.format, self.mode, self.seed) = (format, mode, seed)
    }
    #endif

    private var hasMissing: Bool { rows.contains { $0.missing != nil } }

    var table: String {
        var header = [String(noun.dropLast()), "shape", "type", "overflowed", "flushed", "max rel error", "SQNR dB"]
        if hasMissing { header += ["missing", "became missing"] }
        let lines = FormatTable.aligned([header] + rows.map { row -> [String] in
            let s = row.statistics ?? TensorErrorStatistics()
            var cells = [
                row.name, "\(row.shape)", row.type, "\(s.overflowed)", "\(s.flushed)",
                StatisticsReport.short(s.maxRelativeError), StatisticsReport.short(s.signalToNoiseDecibels),
            ]
            if hasMissing { cells += ["\(row.missing ?? 0)", "\(row.becameMissing ?? 0)"] }
            return cells
        }).split(separator: "\n")
        let seedText = mode.isStochastic ? ", seed \(seed)" : ""
        return (["chop: \(format), \(mode)\(seedText), \(rows.count) \(noun) rounded"] + lines.map { "  " + $0 }).joined(separator: "\n")
    }

    var json: String {
        JSONValue.object([
            ("format", .string(format)), ("rounding", .string(mode.description)), ("seed", mode.isStochastic ? .unsigned(seed) : nil),
            (noun, .array(rows.map { row in
                let s = row.statistics ?? TensorErrorStatistics()
                var fields: [(key: String, value: JSONValue)] = [
                    ("name", .string(row.name)), ("shape", .array(row.shape.map(JSONValue.int))),
                    (noun == "tensors" ? "dtype" : "type", .string(row.type)), ("elements", .int(s.count)),
                    ("overflowed", .int(s.overflowed)), ("flushed", .int(s.flushed)), ("max_rel_error", .double(s.maxRelativeError)),
                    ("sqnr_db", .double(s.signalToNoiseDecibels)),
                ]
                if let missing = row.missing { fields.append(("missing", .int(missing))) }
                if let becameMissing = row.becameMissing { fields.append(("became_missing", .int(becameMissing))) }
                return .object(fields)
            })),
        ]).text
    }
}
