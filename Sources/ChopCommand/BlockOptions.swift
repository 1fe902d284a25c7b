import ArgumentParser
import Chop

/// The options of block formats: `--block-size`, `--scale-format`, `--axis`, `--tile`.
struct BlockOptions: ParsableArguments {
    @Option(help: "Block formats: elements per block (default: the preset's, 32 for MX, 16 for NVFP4).")
    var blockSize: Int?

    @Option(help: "Block formats: the scale format: e8m0, ue4m3, ue5m3 or binary32 (default: the preset's).")
    var scaleFormat: String?

    @Option(parsing: .unconditional, help: "Block formats: the axis the blocks run along (negative: from the end; default -1, the last).")
    var axis: Int?

    @Option(help: "Block formats: two-dimensional ROWSxCOLUMNS blocks over the last two dimensions (e.g. 16x16) instead of blocks along an axis.")
    var tile: Tile?

    /// Whether any block option was given.
    var isUsed: Bool { blockSize != nil || scaleFormat != nil || axis != nil || tile != nil }

    /// The block format named `name` with these options applied, or nil when `name` is not a
    /// block format (then no block option may be given).
    ///
    /// - Throws: `ValidationError` (exit 64) for block options with a format that is not a
    ///   block format, an impossible block size, an unknown scale format or a malformed tile.
    func resolve(_ name: String?) throws -> BlockFormat? {
        guard let name, let preset = try? BlockFormat(named: name) else {
            if isUsed {
                throw ValidationError(
                    "--block-size, --scale-format, --axis and --tile apply to block formats ("
                        + BlockFormat.presets.map(\.name).joined(separator: ", ") + ")"
                        + (name.map { "; \($0) is not one" } ?? ""))
            }
            return nil
        }
        guard tile == nil || axis == nil else { throw ValidationError("give either --axis or --tile, not both") }
        do {
            var format = preset
            if let scaleFormat {
                guard let scale = ScaleFormat(rawValue: scaleFormat.lowercased()) else {
                    throw ValidationError(
                        "unknown scale format '\(scaleFormat)'; valid: \(ScaleFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                if scale != format.scale {
                    format = try BlockFormat(
                        element: format.element, blockSize: format.blockSize, scale: scale,
                        hasTensorScale: format.hasTensorScale, name: "\(format.name)-\(scale.rawValue)")
                }
            }
            if let blockSize { format = try format.withBlockSize(blockSize) }
            return format
        } catch let error as BlockError {
            throw ValidationError(error.description)
        }
    }

    /// `--tile ROWSxCOLUMNS` as the library's pair, or nil.
    var resolvedTile: (rows: Int, columns: Int)? { tile.map { ($0.rows, $0.columns) } }
}
