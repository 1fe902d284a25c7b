/// An IEEE-like binary floating-point format: binary16, bfloat16, TF32, the FP8, FP6 and
/// FP4 formats of OCP and ml_dtypes, E8M0, the IEEE P3109 interim formats, or any custom
/// precision and exponent range.
///
/// A value of the format is `±m × 2^(e - p + 1)` with an integer significand `m < 2^p`:
/// normal numbers have `2^(p-1) ≤ m` and `minExponent ≤ e ≤ maxExponent`; subnormal
/// numbers (when the format has them) have `e = minExponent` and `m < 2^(p-1)`. What the
/// format does with infinities, NaN and negative zero is its ``SpecialValues`` convention.
///
/// ```swift
/// let e4m3 = try FloatFormat(named: "e4m3fn")
/// e4m3.greatestFiniteMagnitude   // 448
/// e4m3.round(300)                // 288
/// ```
///
/// Every value of every format is exactly representable as a `Double`: precisions are
/// 1...53, `minExponent ≥ -1022` and `maxExponent ≤ 1023`.
///
/// Equality and hashing compare the numbers and the encoding, not the ``name`` (as for posits):
/// `FloatFormat(named: "bf16") == FloatFormat(named: "e8m7")`.
@frozen
public struct FloatFormat: Sendable {
    /// The name the format was created with (a preset's contract name, or a generated
    /// description for custom formats).
    public let name: String
    /// The precision p: significand bits counting the hidden bit (1...53).
    public let precision: Int
    /// emin: the exponent of the least normal number.
    public let minExponent: Int
    /// emax: the exponent of the greatest finite number.
    public let maxExponent: Int
    /// Whether numbers below `2^emin` (with exponent emin and fewer significant bits) exist.
    public let hasSubnormals: Bool
    /// Which infinities, NaNs and zeros the format has, and where they are encoded.
    public let specialValues: SpecialValues
    /// Bits of the exponent field in the encoding.
    public let exponentBitCount: Int
    /// The encoding's exponent bias: a normal number with biased exponent E has
    /// exponent `E - exponentBias`.
    public let exponentBias: Int
    /// The greatest finite value.
    public let greatestFiniteMagnitude: Double
    /// The rounding plan of the default overflow behaviour, made once with the format so that
    /// ``round(_:_:)`` builds nothing per call (nil only while the initializer runs).
    @usableFromInline private(set) var defaultPlan: RoundingPlan?

    /// Creates a format from its encoding: `exponentBits` bits of biased exponent and
    /// `significandBits` stored significand bits, with the given special values.
    ///
    /// The default bias is `2^(X-1) - 1`, or `2^(X-1)` for `fnuz` and `p3109`. The numbers
    /// follow from the encoding: emin is `1 - bias` (`-bias` for the zero-free unsigned
    /// convention, whose biased exponent 0 is a number), emax is the exponent of the
    /// largest code that is neither infinity nor NaN.
    ///
    /// - Throws: ``FormatError/invalidParameters(_:)`` when the fields do not fit 64 bits or
    ///   the values do not fit a `Double`.
    public init(
        exponentBits: Int, significandBits: Int, specialValues: SpecialValues = .ieee,
        bias: Int? = nil, name: String? = nil
    ) throws(FormatError) {
        guard (1...11).contains(exponentBits) else {
            throw .invalidParameters("exponent field of \(exponentBits) bits; 1...11 are supported")
        }
        guard (0...52).contains(significandBits) else {
            throw .invalidParameters("significand field of \(significandBits) bits; 0...52 are supported")
        }
        if specialValues == .unsigned && significandBits != 0 {
            throw .invalidParameters("the unsigned (E8M0-like) convention has no significand bits")
        }
        let bias = bias ?? specialValues.defaultBias(exponentBits: exponentBits)
        let topField = (1 << exponentBits) - 1
        // The largest (biased exponent, significand) that encodes a finite number.
        let largestField: Int
        let largestSignificand: Int
        let allOnes = (1 << significandBits) - 1
        switch specialValues {
        case .ieee, .unsigned:
            (largestField, largestSignificand) = (topField - 1, allOnes)
        case .fn, .p3109:
            // The all-ones code is NaN (fn) or +Inf (p3109); the code below it is the largest.
            (largestField, largestSignificand) = significandBits == 0
                ? (topField - 1, 0) : (topField, allOnes - 1)
        case .fnuz, .finite:
            (largestField, largestSignificand) = (topField, allOnes)
        }
        let minExponent = specialValues == .unsigned ? -bias : 1 - bias
        let maxExponent = largestField - bias
        guard largestField >= 1 || specialValues == .unsigned else {
            throw .invalidParameters("a \(exponentBits)-bit exponent field leaves no normal numbers")
        }
        try self.init(
            name: name ?? Self.generatedName(exponentBits, significandBits, specialValues, bias),
            precision: significandBits + 1, minExponent: minExponent, maxExponent: maxExponent,
            hasSubnormals: significandBits > 0 && specialValues != .unsigned,
            specialValues: specialValues, exponentBitCount: exponentBits, exponentBias: bias,
            largestSignificand: (1 << significandBits) + largestSignificand)
    }

    /// Creates a custom IEEE-like format from its numbers: precision p (counting the hidden
    /// bit), emax, emin (default `1 - emax`) and whether it has subnormals.
    ///
    /// The format has ±infinity, NaN and signed zero as in IEEE 754. Its encoding uses the
    /// fewest exponent bits that hold emin...emax, with bias `1 - emin`; if the range does
    /// not fill the exponent field, the unused exponent codes are not encodings.
    ///
    /// - Throws: ``FormatError/invalidParameters(_:)`` unless `1 ≤ p ≤ 53`,
    ///   `-1022 ≤ emin ≤ emax ≤ 1023`.
    public init(
        precision: Int, maxExponent: Int, minExponent: Int? = nil, hasSubnormals: Bool = true,
        name: String? = nil
    ) throws(FormatError) {
        let minExponent = minExponent ?? 1 - maxExponent
        guard minExponent <= maxExponent else {
            throw .invalidParameters("emin \(minExponent) is above emax \(maxExponent)")
        }
        // Normal exponents need biased values 1...(emax - emin + 1), and the all-ones code is
        // reserved for infinity and NaN.
        let normalExponents = maxExponent - minExponent + 1
        var exponentBits = 1
        while (1 << exponentBits) - 2 < normalExponents && exponentBits < 12 { exponentBits += 1 }
        let generated = "p\(precision)emax\(maxExponent)"
            + (minExponent == 1 - maxExponent ? "" : "emin\(minExponent)")
            + (hasSubnormals ? "" : "-nosubnormals")
        try self.init(
            name: name ?? generated, precision: precision, minExponent: minExponent,
            maxExponent: maxExponent, hasSubnormals: hasSubnormals, specialValues: .ieee,
            exponentBitCount: exponentBits, exponentBias: 1 - minExponent,
            largestSignificand: (1 << precision) - 1)
    }

    /// Creates the IEEE P3109 interim-report format `binary<K>p<P>`: K bits, precision P,
    /// bias `2^(K-P-1)`, one NaN at `10…0`, no negative zero, ±infinity at the two largest
    /// codes.
    public init(p3109Bits bits: Int, precision: Int) throws(FormatError) {
        guard (3...64).contains(bits), (1..<bits).contains(precision) else {
            throw .invalidParameters("binary\(bits)p\(precision) needs 3 ≤ K and 1 ≤ P < K")
        }
        try self.init(
            exponentBits: bits - precision, significandBits: precision - 1, specialValues: .p3109,
            name: "binary\(bits)p\(precision)")
    }

    /// The designated initializer: checks that every value fits a `Double` and the
    /// encoding fits 64 bits.
    @usableFromInline
    init(
        name: String, precision: Int, minExponent: Int, maxExponent: Int, hasSubnormals: Bool,
        specialValues: SpecialValues, exponentBitCount: Int, exponentBias: Int, largestSignificand: Int
    ) throws(FormatError) {
        guard (1...53).contains(precision) else {
            throw .invalidParameters("precision \(precision); 1...53 are supported")
        }
        guard minExponent >= -1022, maxExponent <= 1023 else {
            throw .invalidParameters(
                "exponent range \(minExponent)...\(maxExponent) does not fit binary64's -1022...1023")
        }
        guard exponentBitCount <= 11 else {
            throw .invalidParameters("exponent range \(minExponent)...\(maxExponent) needs more than 11 exponent bits")
        }
        let width = (specialValues == .unsigned ? 0 : 1) + exponentBitCount + precision - 1
        guard width <= 64 else {
            throw .invalidParameters("the encoding would need \(width) bits; at most 64 are supported")
        }
        self.name = name
        self.precision = precision
        self.minExponent = minExponent
        self.maxExponent = maxExponent
        self.hasSubnormals = hasSubnormals
        self.specialValues = specialValues
        self.exponentBitCount = exponentBitCount
        self.exponentBias = exponentBias
        self.greatestFiniteMagnitude =
            Double(largestSignificand) * .powerOfTwo(maxExponent - precision + 1)
        defaultPlan = RoundingPlan(format: self, mode: .toNearestOrEven, overflow: defaultOverflow)
    }

    private static func generatedName(
        _ exponentBits: Int, _ significandBits: Int, _ specials: SpecialValues, _ bias: Int
    ) -> String {
        let standardBias = specials.defaultBias(exponentBits: exponentBits)
        let biasPart = bias == standardBias ? "" : "b\(bias)"
        let suffix: String
        switch specials {
        case .ieee, .finite, .unsigned: suffix = ""
        case .fn: suffix = "fn"
        case .fnuz: suffix = "fnuz"
        case .p3109: suffix = "-p3109"
        }
        return "e\(exponentBits)m\(significandBits)\(biasPart)\(suffix)"
    }
}

// MARK: - The format's numbers

extension FloatFormat {
    /// Stored significand bits (p - 1).
    @inlinable public var significandBitCount: Int { precision - 1 }

    /// Bits of an encoding: sign (if the format is signed), exponent, significand.
    @inlinable public var bitWidth: Int {
        (isSigned ? 1 : 0) + exponentBitCount + significandBitCount
    }

    /// The number of bit patterns of the encoding, `2^bitWidth`.
    @inlinable public var encodingCount: UInt128 { UInt128(1) << bitWidth }

    /// Whether the format has a sign bit (every convention but ``SpecialValues/unsigned``).
    @inlinable public var isSigned: Bool { specialValues != .unsigned }

    /// The least positive normal number, `2^emin`.
    @inlinable public var leastNormalMagnitude: Double { .powerOfTwo(minExponent) }

    /// The least positive number: the least subnormal `2^(emin - p + 1)`, or `2^emin`
    /// without subnormals.
    @inlinable public var leastNonzeroMagnitude: Double {
        hasSubnormals ? .powerOfTwo(minExponent - precision + 1) : leastNormalMagnitude
    }

    /// The unit roundoff u = 2^-p: the relative error bound of round-to-nearest in the
    /// normal range.
    @inlinable public var unitRoundoff: Double { .powerOfTwo(-precision) }

    /// The distance from 1 to the next larger number, `2^(1-p)` (machine epsilon).
    @inlinable public var ulpOfOne: Double { .powerOfTwo(1 - precision) }

    /// Whether the format encodes ±infinity.
    @inlinable public var hasInfinity: Bool { specialValues == .ieee || specialValues == .p3109 }

    /// Whether the format encodes NaN (an IEEE-like format needs a significand bit for it).
    @inlinable public var hasNaN: Bool {
        switch specialValues {
        case .ieee: precision > 1
        case .finite: false
        case .fn, .fnuz, .p3109, .unsigned: true
        }
    }

    /// Whether the format has a negative zero distinct from +0.
    @inlinable public var hasNegativeZero: Bool {
        specialValues == .ieee || specialValues == .fn || specialValues == .finite
    }

    /// Whether zero is a value of the format (not for E8M0).
    @inlinable public var hasZero: Bool { specialValues != .unsigned }

    /// What overflow gives unless asked otherwise: infinity where the format has one,
    /// else NaN where it has one (what ml_dtypes and PyTorch casts do), else saturation.
    @inlinable public var defaultOverflow: OverflowBehavior {
        hasInfinity ? .infinity : hasNaN ? .nan : .saturate
    }

    /// Whether overflow can go to `behavior` here: ∞ needs an infinity, NaN a NaN;
    /// saturation works everywhere.
    @inlinable public func supports(_ behavior: OverflowBehavior) -> Bool {
        switch behavior {
        case .infinity: hasInfinity
        case .nan: hasNaN
        case .saturate: true
        }
    }
}

extension Double {
    /// `2^exponent`, exactly, for `-1074 ≤ exponent ≤ 1023`.
    @inlinable
    static func powerOfTwo(_ exponent: Int) -> Double {
        Double(sign: .plus, exponent: exponent, significand: 1)
    }
}
