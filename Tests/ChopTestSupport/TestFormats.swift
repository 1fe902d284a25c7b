import ChopFormats

/// The formats the suite checks: every preset, every P3109 width we care about, and
/// custom formats chosen to reach each branch of the core.
public enum TestFormats {
    /// Custom formats: p = 1 and p = 2, no subnormals, an asymmetric range, p = 53 with a
    /// raised emin (the full-precision geometry), emax near binary64's (the scaled
    /// shifter), and the edges of the arithmetic's exact sums and products.
    public static let customs: [FloatFormat] = [
        try! FloatFormat(precision: 2, maxExponent: 3),
        try! FloatFormat(precision: 1, maxExponent: 5),
        try! FloatFormat(precision: 4, maxExponent: 7, hasSubnormals: false),
        try! FloatFormat(precision: 3, maxExponent: 4, minExponent: -6),
        try! FloatFormat(precision: 11, maxExponent: 1023),
        try! FloatFormat(precision: 52, maxExponent: 1023, minExponent: -1020),
        try! FloatFormat(precision: 53, maxExponent: 1000, minExponent: -1000),
        try! FloatFormat(precision: 24, maxExponent: 200, minExponent: -300, hasSubnormals: false),
        try! FloatFormat(precision: 8, maxExponent: 15, minExponent: -14, hasSubnormals: false),
        // At the edges of the arithmetic's shortcuts: sums of values need 54 bits (one more
        // than binary64 has), products of values 54 bits, and the least precision (26) at
        // which rounding a nearest binary64 sum or quotient to nearest is a double rounding.
        try! FloatFormat(precision: 11, maxExponent: 21, minExponent: -21),
        try! FloatFormat(precision: 27, maxExponent: 100),
        try! FloatFormat(precision: 26, maxExponent: 60),
    ]

    /// Generic `eXmY` names and P3109 formats beyond the presets.
    public static let named: [FloatFormat] = [
        "e5m2fn", "e3m3fnuz", "e2m0", "e6m1", "e4m2", "e3m1fn", "e5m10fnuz",
        "binary8p1", "binary8p3", "binary8p4", "binary8p5", "binary8p7", "binary6p3", "binary4p2", "binary16p11",
    ].map { try! FloatFormat(named: $0) }

    /// Every format under test.
    public static let all: [FloatFormat] = FloatFormat.presets.map(\.format) + named + customs

    /// The formats of at most 8 bits: tested exhaustively against the brute-force reference.
    public static var small: [FloatFormat] { all.filter { $0.bitWidth <= 8 } }

    /// The overflow behaviours a format accepts.
    public static func overflowBehaviors(of format: FloatFormat) -> [OverflowBehavior] {
        OverflowBehavior.allCases.filter(format.supports)
    }
}
