import ChopFormats

/// The element type of a block format: a float format (with the `emax` the MX rule uses), or
/// MX's 8-bit integer `k/64`.
public enum BlockElement: Sendable, Hashable {
    /// A float format; the shared exponent is `floor(log2 amax) - emax`.
    case float(FloatFormat)
    /// Two's complement `k/64`, `k` in `[-128, 127]`, or `[-127, 127]` when `symmetric`.
    case integer8(symmetric: Bool)

    /// The element's `emax` in the MX rule: the float format's greatest exponent (E4M3 8, E5M2
    /// 15, E3M2 4, E2M3 2, E2M1 2), 0 for INT8.
    public var maxExponent: Int {
        switch self {
        case .float(let format): format.maxExponent
        case .integer8: 0
        }
    }

    /// The greatest element magnitude: the float format's greatest finite value, or 127/64.
    public var greatestMagnitude: Double {
        switch self {
        case .float(let format): format.greatestFiniteMagnitude
        case .integer8: 127.0 / 64
        }
    }

    /// Bits of an element code.
    public var bitWidth: Int {
        switch self {
        case .float(let format): format.bitWidth
        case .integer8: 8
        }
    }

    /// The element value a code stands for (before its block's scale).
    public func value(ofCode code: UInt8) -> Double {
        switch self {
        case .float(let format): try! format.decode(UInt64(code))
        case .integer8: Double(Int8(bitPattern: code)) / 64
        }
    }

    public var name: String {
        switch self {
        case .float(let format): format.name
        case .integer8(let symmetric): symmetric ? "int8-sym" : "int8"
        }
    }
}
