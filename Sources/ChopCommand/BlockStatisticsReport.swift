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
        let number: (Double) -> String = { $0.isFinite ? "\($0)" : "null" }
        let histogramJSON = histogram.map { "{\"scale\": \($0.scale), \"blocks\": \($0.blocks)}" }.joined(separator: ", ")
        let fields: [(String, String)] = [
            ("format", StatisticsReport.quoted(format.name)), ("element", StatisticsReport.quoted(format.element.name)),
            ("block_size", "\(format.blockSize)"), ("scale_format", StatisticsReport.quoted(format.scale.rawValue)),
            ("rounding", StatisticsReport.quoted(mode.description)), ("seed", mode.isStochastic ? "\(seed)" : "null"),
            ("elements", "\(s.elements)"), ("blocks", "\(s.blocks)"), ("zero_blocks", "\(s.zeroBlocks)"),
            ("nan_blocks", "\(s.nanBlocks)"), ("clamped_elements", "\(s.clampedElements)"),
            ("flushed_elements", "\(s.flushedElements)"), ("max_abs_error", number(s.maxAbsoluteError)),
            ("mean_squared_error", number(s.meanSquaredError)), ("sqnr_db", number(s.signalToNoiseDecibels)),
            ("tensor_scale", tensorScale.map { "\($0)" } ?? "null"), ("scale_histogram", "[\(histogramJSON)]"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }
}
