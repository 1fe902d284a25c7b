import ArgumentParser
import Chop

/// The prepared rounder of any family that `--format` and the family options ask for: the
/// one place `chop round` and `chop decode` turn options into a `FormatRounder`.
///
/// Each family takes its own options and refuses the others' with a message naming the
/// option and the family: floats `--rounding`, `--overflow`/`--saturate`, `--random-bits`
/// (or custom `--precision`/`--emax`); posits the mode; integer formats `--granularity`,
/// `--axis`, `--block-size`; block formats `--block-size`, `--scale-format`, `--axis` or
/// `--tile`, `--tensor-amax`.
struct RounderRequest {
    var format: FormatOptions
    var blocks: BlockOptions
    var integers: IntegerOptions
    /// nil: decoding, where the mode does not matter (nearest-even).
    var rounding: RoundingOptions?
    var tensorAmax: Double?

    /// The rounder asked for.
    ///
    /// - Throws: `ValidationError` (exit 64) for an unknown name, impossible parameters, or an
    ///   option of another family.
    func rounder() throws -> any FormatRounder {
        let family = format.format.map(FormatRegistry.family(ofName:)) ?? .float
        if family != .integer, integers.granularity != nil {
            throw ValidationError("--granularity applies to integer formats (int8, uint4, fixed4.4)")
        }
        switch family {
        case .integer: return try integerRounder()
        case .block: return try blockRounder()
        case .float, .posit:
            _ = try blocks.resolve(format.format)  // refuses block options with their names
            guard tensorAmax == nil else {
                throw ValidationError("--tensor-amax applies to block formats with a tensor scale (nvfp4)")
            }
            guard let rounding else { return try format.resolveScalar(for: "").rounder(.toNearestOrEven) }
            if let posit = try format.resolvePosit() {
                try refuseOverflow("posits always saturate at ±maxpos")
                return try PositRounder(format: posit, mode: try rounding.mode())
            }
            return try rounding.rounder(for: try format.resolve())
        }
    }

    /// The mode asked for (nearest-even when decoding).
    private func mode() throws -> RoundingMode { try rounding?.mode() ?? .toNearestOrEven }

    /// Refuses `--overflow` and `--saturate` for a family that always saturates.
    private func refuseOverflow(_ why: String) throws {
        guard let rounding, rounding.overflow != nil || rounding.saturate else { return }
        throw ValidationError("\(why); --overflow and --saturate do not apply")
    }

    /// An integer or fixed-point quantizer with its scale groups.
    private func integerRounder() throws -> IntegerQuantizer {
        let name = format.format!
        let integer: IntegerFormat
        do {
            integer = try IntegerFormat(named: name)
        } catch {
            throw ValidationError("\(error.description); integer formats are int<N> and uint<N> (2 ≤ N ≤ 32) and fixed<I>.<F>")
        }
        guard tensorAmax == nil, blocks.tile == nil, blocks.scaleFormat == nil else {
            throw ValidationError("integer formats take --granularity, --axis and --block-size, not --tile, --scale-format or --tensor-amax")
        }
        try refuseOverflow("integer formats clamp to their range")
        let (granularity, mode) = (try integers.granularity(for: integer, blocks: blocks), try mode())
        do {
            return try IntegerQuantizer(format: integer, granularity: granularity, mode: mode)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// A block format with its options, along an axis or in tiles.
    private func blockRounder() throws -> BlockRounder {
        guard let block = try blocks.resolve(format.format) else {
            throw ValidationError(FormatError.unknownFormat(format.format!, validNames: FormatRegistry.validNames).description)
        }
        try refuseOverflow("block formats always saturate their elements")
        if tensorAmax != nil && !block.hasTensorScale {
            throw ValidationError("--tensor-amax applies to formats with a tensor scale (nvfp4), not \(block.name)")
        }
        let (mode, tile) = (try mode(), blocks.resolvedTile)
        do {
            return try BlockRounder(format: block, mode: mode, axis: blocks.axis ?? -1, tile: tile, tensorAmax: tensorAmax)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
