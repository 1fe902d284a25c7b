import ChopFormats

/// A block format: elements of one format sharing a scale per block of consecutive elements
/// along an axis, optionally with a second-level scale for the whole tensor (NVFP4).
///
/// The arithmetic is the Contracts article (Block and integer formats): with an E8M0 scale, the MX rule (shared exponent
/// `floor(log2 amax) - emax_elem` from the exponent bits, clamped to ±127); with another
/// scale format, the block scale is `amax_block / elem_max` (divided by the tensor scale
/// `G = amax_tensor / (scale_max · elem_max)` in binary32 when ``hasTensorScale``) rounded to
/// nearest-even in the scale format, at most its greatest value. Elements are the value over
/// the scale rounded once (any mode) and saturated.
public struct BlockFormat: Sendable, Hashable, CustomStringConvertible {
    /// The contract name (`mxfp4`, `nvfp4`, …) or a generated one.
    public let name: String
    public let element: BlockElement
    /// Elements per block (a ragged final block is a short block).
    public let blockSize: Int
    public let scale: ScaleFormat
    /// NVFP4's second level: a binary32 scale for the whole tensor.
    public let hasTensorScale: Bool

    /// Creates a block format.
    ///
    /// - Throws: ``BlockError/invalidParameters(_:)`` for a block size below 1, an INT8 element
    ///   with a scale other than E8M0, a tensor scale without a float scale format, or an
    ///   element format with more than 8 bits under an E8M0 scale whose range it exceeds.
    public init(
        element: BlockElement, blockSize: Int, scale: ScaleFormat, hasTensorScale: Bool = false, name: String? = nil
    ) throws(BlockError) {
        guard blockSize >= 1 else { throw .invalidParameters("block size \(blockSize); it must be at least 1") }
        if case .integer8 = element, scale != .e8m0 {
            throw .invalidParameters("INT8 elements take an E8M0 scale (the MX rule), not \(scale.rawValue)")
        }
        if hasTensorScale && scale == .e8m0 {
            throw .invalidParameters("a tensor scale needs a float block scale (ue4m3, ue5m3, binary32), not e8m0")
        }
        self.element = element
        self.blockSize = blockSize
        self.scale = scale
        self.hasTensorScale = hasTensorScale
        self.name = name ?? "\(element.name)-b\(blockSize)-\(scale.rawValue)\(hasTensorScale ? "-tensor" : "")"
    }

    public var description: String { name }
}

extension BlockFormat {
    /// OCP MXFP8 with E4M3 elements.
    public static let mxfp8E4M3 = try! BlockFormat(element: .float(.e4m3fn), blockSize: 32, scale: .e8m0, name: "mxfp8-e4m3")
    /// OCP MXFP8 with E5M2 elements.
    public static let mxfp8E5M2 = try! BlockFormat(element: .float(.e5m2), blockSize: 32, scale: .e8m0, name: "mxfp8-e5m2")
    /// OCP MXFP6 with E3M2 elements.
    public static let mxfp6E3M2 = try! BlockFormat(element: .float(.e3m2), blockSize: 32, scale: .e8m0, name: "mxfp6-e3m2")
    /// OCP MXFP6 with E2M3 elements.
    public static let mxfp6E2M3 = try! BlockFormat(element: .float(.e2m3), blockSize: 32, scale: .e8m0, name: "mxfp6-e2m3")
    /// OCP MXFP4 (E2M1 elements).
    public static let mxfp4 = try! BlockFormat(element: .float(.e2m1), blockSize: 32, scale: .e8m0, name: "mxfp4")
    /// OCP MXINT8: elements `k/64`, `k` in `[-128, 127]`.
    public static let mxint8 = try! BlockFormat(element: .integer8(symmetric: false), blockSize: 32, scale: .e8m0, name: "mxint8")
    /// MXINT8 clamped symmetrically to `±127/64`.
    public static let mxint8Symmetric = try! BlockFormat(
        element: .integer8(symmetric: true), blockSize: 32, scale: .e8m0, name: "mxint8-sym")
    /// NVIDIA NVFP4: 16 E2M1 elements per UE4M3 scale, and a binary32 tensor scale.
    public static let nvfp4 = try! BlockFormat(
        element: .float(.e2m1), blockSize: 16, scale: .ue4m3, hasTensorScale: true, name: "nvfp4")

    /// The presets, by contract name.
    public static let presets: [BlockFormat] = [
        .mxfp8E4M3, .mxfp8E5M2, .mxfp6E3M2, .mxfp6E2M3, .mxfp4, .mxint8, .mxint8Symmetric, .nvfp4,
    ]

    /// The preset with this contract name (case-insensitive).
    public init(named name: String) throws(BlockError) {
        guard let preset = Self.presets.first(where: { $0.name == name.lowercased() }) else {
            throw .unknownFormat(name)
        }
        self = preset
    }

    /// The same format with another block size (the name gains `-b<N>` unless it is the preset's).
    public func withBlockSize(_ size: Int) throws(BlockError) -> BlockFormat {
        if size == blockSize { return self }
        return try BlockFormat(
            element: element, blockSize: size, scale: scale, hasTensorScale: hasTensorScale, name: "\(name)-b\(size)")
    }
}
