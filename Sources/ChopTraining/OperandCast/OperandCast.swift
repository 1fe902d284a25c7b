import ChopBlocks
import ChopFormats
import ChopTensors
import RealModule

/// How a matrix enters a product in a ``PrecisionRecipe``: as it is, rounded to a scalar
/// format, scaled per tensor into an FP8 format's range, or quantized to a block format
/// along the product's inner dimension `k` (MX, NVFP4) or in two-dimensional tiles.
///
/// ```swift
/// let fp8 = try OperandCast.scaledPerTensor(.e4m3fn)             // FP8 with a tensor scale
/// let mx = try OperandCast.blocks(.mxfp8E4M3)                     // 32 elements along k share a scale
/// let tiles = try OperandCast.tiles(.nvfp4, rows: 16, columns: 16) // NVFP4 training's weight tiles
/// ```
///
/// A cast gives the dequantized values (each a format value times its scales), which the
/// product then multiplies exactly and accumulates by its model. A tensor scale (the FP8
/// per-tensor power of two, NVFP4's binary32 scale) is kept apart, as hardware applies it:
/// the product accumulates the scaled values (FP8 values; NVFP4 elements times block scales),
/// and the result is multiplied by the two operands' tensor scales.
public struct OperandCast: Sendable {
    /// What a cast does to its matrix.
    public enum Kind: Sendable {
        /// The values as they are.
        case none
        /// Every value rounded to the format, alone.
        case scalar(FloatRounder)
        /// Every value times `2^e`, rounded to the format (saturating), with tensor scale
        /// `2^-e`; `e` is the largest exponent that keeps the tensor's largest magnitude at or
        /// below the format's largest finite value (0 for a tensor of zeros; a NaN or infinite
        /// value makes every value NaN).
        case scaledPerTensor(FloatRounder)
        /// A block format along `k` (``BlockRounder``), or over tiles when it has them.
        case blocks(BlockRounder)
    }

    public let kind: Kind

    public init(_ kind: Kind) {
        self.kind = kind
    }

    /// The values as they are.
    public static let none = OperandCast(.none)

    /// Every value rounded to `format` in `mode`.
    ///
    /// - Throws: ``FormatError`` for a mode the format cannot take.
    public static func scalar(_ format: FloatFormat, mode: RoundingMode = .toNearestOrEven) throws(FormatError) -> OperandCast {
        OperandCast(.scalar(try FloatRounder(format: format, mode: mode)))
    }

    /// Scaled per tensor by a power of two into `format`'s range (see ``Kind/scaledPerTensor(_:)``).
    ///
    /// - Throws: ``FormatError`` for a mode the format cannot take.
    public static func scaledPerTensor(_ format: FloatFormat, mode: RoundingMode = .toNearestOrEven) throws(FormatError)
        -> OperandCast
    {
        OperandCast(.scaledPerTensor(try FloatRounder(format: format, mode: mode, overflow: .saturate)))
    }

    /// Blocks of `format` along the product's inner dimension.
    ///
    /// - Throws: ``BlockError`` for a mode the format cannot take.
    public static func blocks(_ format: BlockFormat, mode: RoundingMode = .toNearestOrEven) throws(BlockError) -> OperandCast {
        OperandCast(.blocks(try BlockRounder(format: format, mode: mode, axis: -1)))
    }

    /// Tiles of `rows × columns` elements of `format`, each with its own scale (the same
    /// blocks for a matrix and its transpose when the tiles are square).
    ///
    /// - Throws: ``BlockError`` for a mode the format cannot take or a side below 1.
    public static func tiles(_ format: BlockFormat, rows: Int, columns: Int, mode: RoundingMode = .toNearestOrEven)
        throws(BlockError) -> OperandCast
    {
        OperandCast(.blocks(try BlockRounder(format: format, mode: mode, tile: (rows, columns))))
    }

    /// The mode values round in (nearest-even for ``none``).
    public var mode: RoundingMode {
        switch kind {
        case .none: .toNearestOrEven
        case .scalar(let rounder), .scaledPerTensor(let rounder): rounder.mode
        case .blocks(let rounder): rounder.mode
        }
    }

    /// The format of the values the cast gives for scalar and per-tensor casts (what a matrix
    /// unit reads); nil for ``none`` and block casts.
    public var scalarFormat: FloatFormat? {
        switch kind {
        case .scalar(let rounder), .scaledPerTensor(let rounder): rounder.format
        case .none, .blocks: nil
        }
    }

    /// A short description: the format's name, the scaling, the mode when not nearest-even.
    public var name: String {
        let base: String
        switch kind {
        case .none: return "none"
        case .scalar(let rounder): base = rounder.format.name
        case .scaledPerTensor(let rounder): base = "\(rounder.format.name) per-tensor"
        case .blocks(let rounder):
            base = rounder.tile.map { "\(rounder.format.name) \($0.rows)×\($0.columns)" } ?? rounder.format.name
        }
        return mode == .toNearestOrEven ? base : "\(base) \(mode.name)"
    }

    /// The values as the product sees them, and the tensor scale they are to be multiplied by
    /// (1 but for per-tensor casts and NVFP4): `values` is a `rows × k` matrix in row-major
    /// order with `k`, the dimension the product sums over, last (blocks run along it).
    /// Element `i` of that layout draws word `i` of the stream `seed` in stochastic modes.
    ///
    /// Postcondition: each returned value times the scale is the dequantized value, exactly.
    ///
    /// - Throws: ``TensorError/invalidParameter(_:)`` when the block format refuses the data
    ///   (the message names it).
    public func apply(_ values: [Double], rows: Int, k: Int, seed: UInt64) throws(TensorError) -> (values: [Double], scale: Double) {
        var result = values
        var scale = 1.0
        switch kind {
        case .none:
            return (values, 1)
        case .scalar(let rounder):
            rounder.round(&result, seed: seed, threads: 1)
        case .scaledPerTensor(let rounder):
            let amax = values.reduce(0.0) { Swift.max($0, $1.magnitude) }
            guard amax.isFinite else { return (values.map { _ in .nan }, 1) }
            guard amax > 0 else { return (values, 1) }
            let exponent = Int(Double.log2(rounder.format.greatestFiniteMagnitude / amax).rounded(.down))
            // 2^e may itself overflow or underflow a double: scale in two steps.
            let (half, rest) = (exponent / 2, exponent - exponent / 2)
            let up = (Double(sign: .plus, exponent: half, significand: 1), Double(sign: .plus, exponent: rest, significand: 1))
            for i in result.indices { result[i] = result[i] * up.0 * up.1 }
            rounder.round(&result, seed: seed, threads: 1)
            scale = Double(sign: .plus, exponent: -exponent, significand: 1)
        case .blocks(let rounder):
            do {
                try result.withUnsafeMutableBufferPointer { (buffer) throws(BlockError) in
                    try rounder.round(buffer, shape: [rows, k], seed: seed, firstIndex: 0, threads: 1)
                }
                // Element times block scale times tensor scale has at most 30 significant
                // bits: dividing the tensor scale out is exact.
                if rounder.format.hasTensorScale {
                    let tensorScale = Double(try rounder.quantizer.tensorScale(values, given: rounder.tensorAmax))
                    if tensorScale.isNormal {
                        scale = tensorScale
                        for i in result.indices { result[i] /= tensorScale }
                    }
                }
            } catch {
                throw .invalidParameter("\(rounder.format.name) cast of a \(rows)×\(k) matrix: \(error)")
            }
        }
        return (result, scale)
    }
}
