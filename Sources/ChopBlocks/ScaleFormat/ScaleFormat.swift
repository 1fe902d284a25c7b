import ChopFormats

/// How a block's scale is stored.
///
/// - `e8m0`: a power of two `2^-127 ... 2^127` (OCP MX), chosen by the MX rule from the
///   block's amax exponent.
/// - `ue4m3`: E4M3 without its sign bit (NVFP4's block scale), the amax over the element
///   maximum rounded to nearest-even, at most 448.
/// - `ue5m3`: the same with a 5-bit exponent: E5M3 with bias 15 and E4M3's conventions (no
///   infinity, NaN at the all-ones code), so its range reaches 2^-17 ... 114688: chosen so
///   that the wider range of E5M2 fits without a second-level scale while keeping E4M3's
///   three significand bits.
/// - `binary32`: the amax over the element maximum rounded to binary32.
public enum ScaleFormat: String, Sendable, Hashable, CaseIterable {
    case e8m0
    case ue4m3
    case ue5m3
    case binary32

    /// The float format a non-E8M0 scale is rounded to (positive values only).
    public var format: FloatFormat {
        switch self {
        case .e8m0: .e8m0
        case .ue4m3: .e4m3fn
        case .ue5m3: Self.e5m3
        case .binary32: .binary32
        }
    }

    /// Bits of a scale code (the sign bit of E4M3 and E5M3 is dropped).
    public var bitWidth: Int {
        switch self {
        case .e8m0, .ue4m3: 8
        case .ue5m3: 8
        case .binary32: 32
        }
    }

    /// A scale's code: E8M0's byte, E4M3/E5M3 without the sign bit, binary32's bits.
    ///
    /// - Precondition: `scale` is a nonnegative value of the scale format (or NaN).
    public func code(of scale: Double) -> UInt32 {
        switch self {
        case .e8m0: UInt32(try! FloatFormat.e8m0.encode(scale))
        case .ue4m3: UInt32(try! FloatFormat.e4m3fn.encode(scale)) & 0x7F
        case .ue5m3: UInt32(try! Self.e5m3.encode(scale)) & 0xFF
        case .binary32: Float(scale).bitPattern
        }
    }

    /// The scale a code stands for.
    public func value(ofCode code: UInt32) -> Double {
        switch self {
        case .e8m0: try! FloatFormat.e8m0.decode(UInt64(code))
        case .ue4m3: try! FloatFormat.e4m3fn.decode(UInt64(code))
        case .ue5m3: try! Self.e5m3.decode(UInt64(code))
        case .binary32: Double(Float(bitPattern: code))
        }
    }

    /// The code of a NaN scale (a block with NaN or ±∞).
    public var nanCode: UInt32 {
        switch self {
        case .e8m0: 0xFF
        case .ue4m3: 0x7F
        case .ue5m3: 0xFF
        case .binary32: Float.nan.bitPattern
        }
    }

    static let e5m3 = try! FloatFormat(exponentBits: 5, significandBits: 3, specialValues: .fn, bias: 15, name: "e5m3fn")
}
