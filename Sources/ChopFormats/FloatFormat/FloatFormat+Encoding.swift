extension FloatFormat {
    /// The bit pattern of `value`: sign (if the format is signed), biased exponent,
    /// stored significand, from the most significant bit down.
    ///
    /// NaN encodes as the format's canonical NaN (IEEE: quiet, positive; `fn`:
    /// `0.1…1.1…1`; `fnuz`, P3109: `10…0`; E8M0: all ones). -0 encodes as +0 in formats
    /// without negative zero.
    ///
    /// - Throws: ``FormatError/notRepresentable(_:format:)`` unless `value` is exactly a
    ///   value of the format, or NaN or ±∞ where the format has them.
    public func encode(_ value: Double) throws(FormatError) -> UInt64 {
        let significandBits = significandBitCount
        let fieldShift = UInt64(significandBits)
        let signBit: UInt64 = isSigned ? 1 << UInt64(exponentBitCount + significandBits) : 0
        let topField = UInt64((1 << exponentBitCount) - 1)
        let storedMask: UInt64 = (1 << fieldShift) - 1
        if value.isNaN {
            switch specialValues {
            case .ieee where hasNaN: return topField << fieldShift | 1 << (fieldShift - 1)
            case .fn: return topField << fieldShift | storedMask
            case .fnuz, .p3109: return signBit
            case .unsigned: return topField
            case .ieee, .finite: throw .notRepresentable(value, format: name)
            }
        }
        let negative = value.sign == .minus
        if value.isInfinite {
            switch specialValues {
            case .ieee: return (negative ? signBit : 0) | topField << fieldShift
            case .p3109: return (negative ? signBit : 0) | (signBit - 1)
            case .fn, .fnuz, .finite, .unsigned: throw .notRepresentable(value, format: name)
            }
        }
        if value == 0 {
            guard hasZero else { throw .notRepresentable(value, format: name) }
            return negative && hasNegativeZero ? signBit : 0
        }
        let magnitude = value.magnitude
        guard isSigned || !negative, magnitude <= greatestFiniteMagnitude, magnitude >= leastNonzeroMagnitude else {
            throw .notRepresentable(value, format: name)
        }
        let field: UInt64
        let stored: UInt64
        if magnitude < leastNormalMagnitude {
            // Subnormal: an integer multiple of the least subnormal, below 2^(p-1).
            let multiple = magnitude / leastNonzeroMagnitude
            guard hasSubnormals, multiple == multiple.rounded(.towardZero) else {
                throw .notRepresentable(value, format: name)
            }
            (field, stored) = (0, UInt64(multiple))
        } else {
            let droppedBits = UInt64(52 - significandBits)
            let significand = magnitude.significandBitPattern
            guard significand & ((1 << droppedBits) - 1) == 0 else { throw .notRepresentable(value, format: name) }
            field = UInt64(Int(magnitude.exponent) + exponentBias)
            stored = significand >> droppedBits
        }
        return (negative ? signBit : 0) | field << fieldShift | stored
    }

    /// The value a bit pattern encodes: a number, ±∞ or NaN.
    ///
    /// - Throws: ``FormatError/invalidCode(_:format:)`` if the pattern has bits above
    ///   ``bitWidth``, or is not used by the format (an exponent above emax in a custom
    ///   format whose range does not fill its exponent field, or a subnormal pattern in a
    ///   format without subnormals).
    public func decode(_ code: UInt64) throws(FormatError) -> Double {
        guard bitWidth == 64 || code >> UInt64(bitWidth) == 0 else { throw .invalidCode(code, format: name) }
        let significandBits = significandBitCount
        let fieldShift = UInt64(significandBits)
        let signShift = UInt64(exponentBitCount + significandBits)
        let topField = (1 << exponentBitCount) - 1
        let storedMask: UInt64 = (1 << fieldShift) - 1
        let negative = isSigned && (code >> signShift) & 1 == 1
        let field = Int(truncatingIfNeeded: (code >> fieldShift) & UInt64(topField))
        let stored = code & storedMask
        switch specialValues {
        case .ieee where field == topField:
            return stored == 0 ? (negative ? -.infinity : .infinity) : .nan
        case .fn where field == topField && stored == storedMask:
            return .nan
        case .fnuz where code == 1 << signShift, .p3109 where code == 1 << signShift:
            return .nan
        case .p3109 where field == topField && stored == storedMask:
            return negative ? -.infinity : .infinity
        case .unsigned where field == topField:
            return .nan
        default:
            break
        }
        if field == 0 && stored != 0 && !hasSubnormals { throw .invalidCode(code, format: name) }
        let isNormal = field != 0 || specialValues == .unsigned
        let exponent = isNormal ? field - exponentBias : minExponent
        if exponent > maxExponent { throw .invalidCode(code, format: name) }
        let significand = isNormal ? stored | 1 << fieldShift : stored
        let magnitude = Double(significand) * .powerOfTwo(exponent - significandBits)
        return negative ? -magnitude : magnitude
    }

    /// ``encode(_:)`` as a code of type `Code`.
    ///
    /// - Throws: as ``encode(_:)``, and ``FormatError/invalidParameters(_:)`` if the format is
    ///   wider than `Code`.
    public func encode<Code: FixedWidthInteger & UnsignedInteger>(
        _ value: Double, as _: Code.Type
    ) throws(FormatError) -> Code {
        guard bitWidth <= Code.bitWidth else {
            throw .invalidParameters("\(name) needs \(bitWidth) bits; \(Code.self) has \(Code.bitWidth)")
        }
        return Code(truncatingIfNeeded: try encode(value))
    }

    /// ``decode(_:)`` of a code of any unsigned integer type.
    public func decode<Code: FixedWidthInteger & UnsignedInteger>(_ code: Code) throws(FormatError) -> Double {
        guard code.bitWidth <= 64 || code >> 64 == 0 else {
            throw .invalidCode(UInt64(truncatingIfNeeded: code), format: name)
        }
        return try decode(UInt64(truncatingIfNeeded: code))
    }
}
