import CChop
import ChopBlocks
import ChopFormats

/// What one C call asks for: a format by registry name with `chop_options`, turned into a
/// prepared rounder of its family.
struct RoundingRequest {
    let rounder: any FormatRounder
    let seed: UInt64
    let firstIndex: Int
    let threads: Int

    /// - Throws: `FormatError` for an unknown format, mode or overflow name or impossible
    ///   parameters; ``CInterfaceError`` for options the family does not take.
    init(format rawFormat: UnsafePointer<CChar>?, options: chop_options) throws {
        guard let rawFormat else { throw CInterfaceError("the format name is NULL") }
        let name = String(cString: rawFormat)
        let mode = try RoundingMode(
            named: options.rounding.map { String(cString: $0) } ?? "nearest-even",
            randomBits: options.random_bits == 0 ? nil : Int(options.random_bits))
        let overflow = try options.overflow.map { try OverflowBehavior(named: String(cString: $0)) }
        guard options.threads >= 0 else { throw CInterfaceError("threads \(options.threads): use 0 (automatic) or at least 1") }
        guard options.first_index <= UInt64(Int.max) else { throw CInterfaceError("first_index \(options.first_index) is too large") }
        let format = try FormatRegistry.format(named: name)
        if overflow != nil, !(format is FloatFormat) {
            throw CInterfaceError("\(name): overflow applies to float formats; posits, block and integer formats saturate")
        }
        switch format {
        case let float as FloatFormat: rounder = try FloatRounder(format: float, mode: mode, overflow: overflow)
        case let block as BlockFormat: rounder = try BlockRounder(format: block, mode: mode, axis: Int(options.axis))
        default: rounder = try format.rounder(mode)
        }
        seed = options.seed
        firstIndex = Int(options.first_index)
        threads = Int(options.threads)
        if firstIndex != 0 && rounder.mode.isStochastic && rounder.scope != .element {
            throw CInterfaceError("\(name): first_index applies to element-wise formats (floats, posits); block and integer formats round whole groups")
        }
    }

    /// Rounds `values` (row-major `shape`) in place.
    func round(_ values: UnsafeMutableBufferPointer<Double>, shape: [Int]) throws {
        switch rounder {
        case let float as FloatRounder:
            try FormatError.check(shape: shape, count: values.count)
            float.round(values, seed: seed, firstIndex: firstIndex, threads: threads)
        case let posit as PositRounder:
            try FormatError.check(shape: shape, count: values.count)
            posit.format.round(values, mode: posit.mode, seed: seed, firstIndex: firstIndex, threads: threads)
        default:
            try rounder.round(values, shape: shape, seed: seed, threads: threads)
        }
    }
}

extension chop_options {
    /// The options at `pointer`, or the defaults for NULL.
    static func at(_ pointer: UnsafePointer<chop_options>?) -> chop_options {
        if let pointer { return pointer.pointee }
        var options = chop_options()
        chop_options_default(&options)
        return options
    }
}
