/// The families of ``NumberFormat``s, each with its own rounding rule and kind of code.
public enum FormatFamily: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// IEEE-like binary floating point: ``FloatFormat``.
    case float
    /// Posits (Posit Standard 2022 and SoftPosit's `es`): ``PositFormat``.
    case posit
    /// Integer and fixed-point quantization: `IntegerFormat`.
    case integer
    /// Block formats (MX, NVFP4, block floating point): `BlockFormat`.
    case block

    public var description: String { rawValue }
}
