import CChop
import ChopBlocks
import ChopFormats

/// What one C call asks for: a format by registry name with `chop_options`, turned into a
/// prepared rounder of its family, and the array (or piece of one) it rounds.
struct RoundingRequest {
    let rounder: any FormatRounder
    let seed: UInt64
    /// The random-bit index of the whole array's first element.
    let firstIndex: Int
    let threads: Int
    /// The call's array, and where it lies in the whole.
    let piece: ArrayPiece
    let shape: Shape

    /// The request of a C call: its format, options (NULL: the defaults) and shape.
    init(format: UnsafePointer<CChar>?, options: UnsafePointer<chop_options>?, shape: UnsafePointer<Int>?, rank: Int) throws {
        try self.init(format: format, options: .at(options), shape: try Shape(shape, rank))
    }

    /// - Throws: `FormatError` for an unknown format, mode or overflow name or impossible
    ///   parameters; ``CInterfaceError`` for options the family does not take or a bad shape.
    init(format rawFormat: UnsafePointer<CChar>?, options: chop_options, shape: Shape) throws {
        guard let rawFormat else { throw CInterfaceError("the format name is NULL") }
        let name = String(cString: rawFormat)
        let mode = try RoundingMode(
            named: options.rounding.map { String(cString: $0) } ?? "nearest-even",
            randomBits: options.random_bits == 0 ? nil : Int(options.random_bits))
        let overflow = try options.overflow.map { try OverflowBehavior(named: String(cString: $0)) }
        guard options.threads >= 0 else { throw CInterfaceError("threads \(options.threads): use 0 (automatic) or at least 1") }
        let format = try FormatRegistry.format(named: name)
        if overflow != nil, !(format is FloatFormat) {
            throw CInterfaceError("\(name): overflow applies to float formats; posits, block and integer formats saturate")
        }
        let tensorAmax = options.tensor_amax.isNaN ? nil : options.tensor_amax
        if tensorAmax != nil, !((format as? BlockFormat)?.hasTensorScale ?? false) {
            throw CInterfaceError("\(name): tensor_amax applies to formats with a tensor scale (nvfp4)")
        }
        switch format {
        case let float as FloatFormat: rounder = try FloatRounder(format: float, mode: mode, overflow: overflow)
        case let block as BlockFormat: rounder = try BlockRounder(format: block, mode: mode, axis: Int(options.axis), tensorAmax: tensorAmax)
        default: rounder = try format.rounder(mode)
        }
        self.shape = shape
        seed = options.seed
        guard options.first_index <= UInt64(Int.max) else { throw CInterfaceError("first_index \(options.first_index) is too large") }
        firstIndex = Int(options.first_index)
        threads = Int(options.threads)
        switch (options.origin, options.global_shape) {
        case (nil, nil):
            piece = ArrayPiece(whole: shape.dimensions)
        case (let origin?, let whole?):
            let rank = shape.dimensions.count
            piece = try ArrayPiece(
                shape: shape.dimensions, origin: Self.sizes(origin, rank, "origin"), wholeShape: Self.sizes(whole, rank, "global_shape"))
        default:
            throw CInterfaceError("give both origin and global_shape for a piece of an array, or neither")
        }
    }

    /// Rounds `values` (the piece's elements, row-major) in place.
    func round(_ values: UnsafeMutableBufferPointer<Double>) throws {
        try rounder.round(values, piece: piece, seed: seed, firstIndex: firstIndex, threads: threads)
    }

    /// `rank` sizes at `pointer`, each at most `Int.max`.
    private static func sizes(_ pointer: UnsafePointer<Int>, _ rank: Int, _ what: String) throws -> [Int] {
        let sizes = Array(UnsafeBufferPointer(start: pointer, count: rank))
        guard sizes.allSatisfy({ $0 >= 0 }) else { throw CInterfaceError("\(what) \(sizes.map { UInt($0) }) holds a size too large") }
        return sizes
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
