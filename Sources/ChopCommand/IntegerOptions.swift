import ArgumentParser
import Chop

/// The option of integer formats: `--granularity`, with `--axis` and `--block-size` from the
/// block options.
struct IntegerOptions: ParsableArguments {
    @Option(help: "Integer formats (int8, uint4, fixed4.4): one scale per tensor (default), channel (with --axis) or block (with --block-size and --axis).")
    var granularity: String?

    /// The scale groups of `integer` from `--granularity`, `--axis` and `--block-size`.
    ///
    /// - Throws: `ValidationError` (exit 64) for an unknown granularity, a missing or
    ///   superfluous axis or block size, or a granularity for fixed point (which has no scale).
    func granularity(for integer: IntegerFormat, blocks: BlockOptions) throws -> Granularity {
        let resolved: Granularity
        switch granularity?.lowercased() ?? "tensor" {
        case "tensor":
            guard blocks.axis == nil && blocks.blockSize == nil else {
                throw ValidationError("--axis and --block-size need --granularity channel or block")
            }
            resolved = .tensor
        case "channel":
            guard let axis = blocks.axis, blocks.blockSize == nil else {
                throw ValidationError("--granularity channel needs --axis K (the channel axis, e.g. 0 for the rows of an [out, in] weight) and no --block-size")
            }
            resolved = .channel(axis: axis)
        case "block":
            guard let size = blocks.blockSize else { throw ValidationError("--granularity block needs --block-size N") }
            resolved = .block(size: size, axis: blocks.axis ?? -1)
        default:
            throw ValidationError("unknown --granularity '\(granularity!)'; valid: tensor, channel, block")
        }
        if case .fixed = integer, resolved != .tensor {
            throw ValidationError("fixed-point formats have no scale; --granularity does not apply to \(integer)")
        }
        return resolved
    }
}
