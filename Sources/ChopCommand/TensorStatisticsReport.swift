import Chop

/// `--stats` and `--stats-json` for a safetensors checkpoint: one row per rounded tensor.
struct TensorStatisticsReport {
    let reports: [SafetensorsJob.TensorReport]
    let format: String
    let mode: RoundingMode
    let seed: UInt64

    var table: String {
        let header = ["tensor", "shape", "dtype", "overflowed", "flushed", "max rel error", "SQNR dB"]
        let rows = reports.map { report -> [String] in
            let s = report.statistics ?? TensorErrorStatistics()
            return [
                report.name, "\(report.shape)", report.dtype.rawValue, "\(s.overflowed)", "\(s.flushed)",
                StatisticsReport.short(s.maxRelativeError), StatisticsReport.short(s.signalToNoiseDecibels),
            ]
        }
        let lines = FormatTable.aligned([header] + rows).split(separator: "\n")
        let seedText = mode.isStochastic ? ", seed \(seed)" : ""
        return (["chop: \(format), \(mode)\(seedText), \(reports.count) tensors rounded"] + lines.map { "  " + $0 }).joined(separator: "\n")
    }

    var json: String {
        JSONValue.object([
            ("format", .string(format)), ("rounding", .string(mode.description)), ("seed", mode.isStochastic ? .unsigned(seed) : nil),
            ("tensors", .array(reports.map { report in
                let s = report.statistics ?? TensorErrorStatistics()
                return .object([
                    ("name", .string(report.name)), ("shape", .array(report.shape.map(JSONValue.int))),
                    ("dtype", .string(report.dtype.rawValue)), ("elements", .int(s.count)), ("overflowed", .int(s.overflowed)),
                    ("flushed", .int(s.flushed)), ("max_rel_error", .double(s.maxRelativeError)),
                    ("sqnr_db", .double(s.signalToNoiseDecibels)),
                ])
            })),
        ]).text
    }
}
