import Chop

/// `--stats` and `--stats-json` for block formats: how the blocks were scaled and what
/// quantization did to their elements.
struct BlockStatisticsReport {
    let statistics: BlockStatistics
    let format: BlockFormat
    let mode: RoundingMode
    let seed: UInt64
    let tensorScale: Float?

    /// The scale histogram, smallest scale first, as `(label, blocks)`: powers of two as
    /// `2^k`, other scales by their value.
    var histogram: [(scale: Double, label: String, blocks: Int)] {
        statistics.scaleHistogram.sorted { $0.key < $1.key }.map { scale, blocks in
            let label = scale > 0 && scale.significandWidth == 0 ? "2^\(Int(scale.exponent))" : FormatTable.magnitude(scale)
            return (scale, label, blocks)
        }
    }

    var table: String {
        let s = statistics
        var rows: [(String, String)] = [
            ("elements", "\(s.elements) in \(s.blocks) blocks"),
            ("zero blocks", "\(s.zeroBlocks)"),
            ("NaN blocks", "\(s.nanBlocks) (a NaN or ±∞ in the block)"),
            ("clamped elements", "\(s.clampedElements) (beyond the element maximum after scaling)"),
            ("flushed to zero", "\(s.flushedElements) (nonzero, decoded as zero)"),
            ("error", "max abs \(StatisticsReport.short(s.maxAbsoluteError)), MSE \(StatisticsReport.short(s.meanSquaredError)), SQNR \(StatisticsReport.short(s.signalToNoiseDecibels)) dB"),
        ]
        if let tensorScale { rows.append(("tensor scale", "\(tensorScale) (binary32 bits 0x\(String(tensorScale.bitPattern, radix: 16)))")) }
        rows.append(("seed", mode.isStochastic ? "\(seed)" : "- (deterministic)"))
        let width = rows.map(\.0.count).max()!
        var lines = ["chop: \(format.name) (\(format.element.name) × \(format.blockSize), \(format.scale.rawValue) scales), \(mode)"]
        lines += rows.map { "  " + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
        lines.append("  scale histogram (scale: blocks):")
        let entries = histogram
        let shown = entries.count <= 24 ? entries[...] : entries.suffix(24)
        if entries.count > shown.count { lines.append("    … \(entries.count - shown.count) smaller scales (see --stats-json)") }
        lines += shown.map { "    \($0.label): \($0.blocks)" }
        return lines.joined(separator: "\n")
    }

    var json: String {
        let s = statistics
        let histogramJSON = histogram.map { JSONValue.object([("scale", .double($0.scale)), ("blocks", .int($0.blocks))]) }
        return JSONValue.object([
            ("format", .string(format.name)), ("element", .string(format.element.name)), ("block_size", .int(format.blockSize)),
            ("scale_format", .string(format.scale.rawValue)), ("rounding", .string(mode.description)),
            ("seed", mode.isStochastic ? .unsigned(seed) : nil), ("elements", .int(s.elements)), ("blocks", .int(s.blocks)),
            ("zero_blocks", .int(s.zeroBlocks)), ("nan_blocks", .int(s.nanBlocks)), ("clamped_elements", .int(s.clampedElements)),
            ("flushed_elements", .int(s.flushedElements)), ("max_abs_error", .double(s.maxAbsoluteError)),
            ("mean_squared_error", .double(s.meanSquaredError)), ("sqnr_db", .double(s.signalToNoiseDecibels)),
            ("tensor_scale", .optional(tensorScale.map { .double(Double($0)) })), ("scale_histogram", .array(histogramJSON)),
        ]).text
    }
}
