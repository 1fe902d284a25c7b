/// What a result beyond a format's range becomes, separately from the encoding.
///
/// Overflow is decided after rounding at unbounded exponent range (IEEE 754 §7.4). The
/// nearest, away-from-zero and stochastic modes then overflow to "∞", toward-zero and odd
/// to ±max, `up` to +∞ or -max and `down` to +max or -∞; each "∞" (and an infinite
/// input) is mapped by the behaviour:
///
/// - ``infinity``: ±∞ (the default where the format has infinities);
/// - ``nan``: NaN (the default for `fn`/`fnuz` and E8M0: what ml_dtypes and PyTorch casts do);
/// - ``saturate``: ±max, the format's greatest finite magnitude (the only behaviour for
///   formats with neither infinity nor NaN).
public enum OverflowBehavior: String, Hashable, Sendable, CaseIterable {
    case infinity
    case nan
    case saturate

    /// The contract name.
    @inlinable public var name: String { rawValue }

    /// Parses `infinity`, `nan` or `saturate` (case-insensitive; `inf` and `saturation`
    /// are accepted too).
    ///
    /// - Throws: ``FormatError/unknownOverflowBehavior(_:)``.
    public init(named rawName: String) throws(FormatError) {
        switch rawName.lowercased() {
        case "infinity", "inf": self = .infinity
        case "nan": self = .nan
        case "saturate", "saturation", "sat": self = .saturate
        default: throw .unknownOverflowBehavior(rawName)
        }
    }
}
