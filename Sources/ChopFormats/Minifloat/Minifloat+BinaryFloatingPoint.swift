/// IEEE-like formats are `BinaryFloatingPoint`: the exponent and significand fields are the
/// format's own (bias `2^(k-1) - 1`), so the standard library's generic conversions read them
/// correctly; conversions into the format round once from the exact source.
extension Minifloat: BinaryFloatingPoint where Format: IEEEMinifloatFormat {
    public typealias RawSignificand = UInt64
    public typealias RawExponent = UInt

    /// The format's arithmetic, checked once to be IEEE-like as the conformance assumes.
    @usableFromInline
    static var interchangeFormat: FloatFormat {
        let arithmetic = Format.arithmetic
        precondition(
            arithmetic.isIEEEInterchangeLike,
            "\(arithmetic.format.name) is not IEEE-like; its format type must not be an IEEEMinifloatFormat")
        return arithmetic.format
    }

    public static var exponentBitCount: Int { interchangeFormat.exponentBitCount }
    public static var significandBitCount: Int { interchangeFormat.significandBitCount }

    public var exponentBitPattern: UInt {
        UInt(bitPattern >> UInt64(Self.significandBitCount)) & ((1 << UInt(Self.exponentBitCount)) - 1)
    }

    public var significandBitPattern: UInt64 {
        bitPattern & ((1 << UInt64(Self.significandBitCount)) - 1)
    }

    public init(sign: FloatingPointSign, exponentBitPattern: UInt, significandBitPattern: UInt64) {
        let format = Self.interchangeFormat
        let fieldShift = UInt64(format.significandBitCount)
        let signBit: UInt64 = sign == .minus ? 1 << UInt64(format.bitWidth - 1) : 0
        let exponentMask: UInt64 = (1 << UInt64(format.exponentBitCount)) - 1
        let significandMask: UInt64 = (1 << fieldShift) - 1
        self.init(
            bitPattern: signBit | (UInt64(exponentBitPattern) & exponentMask) << fieldShift
                | significandBitPattern & significandMask)
    }

    /// The power of two at or below `|x|`, with `x`'s sign; NaN and ∞ give themselves.
    @inlinable
    public var binade: Self { Self(storing: doubleValue.binade) }

    /// Significand bits after the leading one that are in use; -1 for zero.
    @inlinable
    public var significandWidth: Int { doubleValue.significandWidth }

    #if !(os(Windows) || os(Android) || $Embedded) && (arch(i386) || arch(x86_64))
    /// `x` rounded once from its exact 64-bit significand.
    @inlinable
    public init(_ x: Float80) {
        self.init(storing: Format.arithmetic.perform(FloatingPointConversionOperation(x)))
    }
    #endif
}
