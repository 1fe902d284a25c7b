extension PositFormat {
    /// A code's fields: its sign, and for a real other than zero the scale `k·2^es + e` and
    /// the fraction left-aligned in 64 bits; nil scale for zero and NaR.
    @inlinable
    func fields(of code: UInt64) -> (negative: Bool, scale: Int?, fraction: UInt64) {
        let code = code & mask
        let signBit: UInt64 = 1 << UInt64(bitWidth - 1)
        if code == 0 || code == signBit { return (false, nil, 0) }
        let negative = code & signBit != 0
        let positive = negative ? (0 &- code) & mask : code
        // The n - 1 bits after the sign, left-aligned.
        let body = positive << UInt64(65 - bitWidth)
        let first = body >> 63
        let run = first == 1 ? (~body).leadingZeroBitCount : body.leadingZeroBitCount
        let regimeRun = min(run, bitWidth - 1)
        let k = first == 1 ? regimeRun - 1 : -regimeRun
        let consumed = min(regimeRun + 1, bitWidth - 1)  // the run and its terminating bit
        let rest = consumed >= 64 ? 0 : body << UInt64(consumed)
        let es = exponentSize
        let e = es == 0 ? 0 : Int(rest >> UInt64(64 - es))
        let fraction = es == 0 ? rest : (es >= 64 ? 0 : rest << UInt64(es))
        return (negative, k << es + e, fraction)
    }

    /// The value of a code: NaN for NaR, zero for zero.
    ///
    /// - Throws: ``FormatError/invalidCode(_:format:)`` for a code of more than `n` bits, or
    ///   ``FormatError/unsupportedElementType(_:)`` for a `posit64` value with more than 53
    ///   significant bits (not a Double).
    public func decode(_ code: UInt64) throws(FormatError) -> Double {
        guard code & ~mask == 0 else { throw .invalidCode(code, format: name) }
        let (_, _, fraction) = fields(of: code)
        guard fraction & 0xFFF == 0 else {
            throw .unsupportedElementType("\(name) code 0x\(String(code, radix: 16)) has more than 53 significant bits: it is not a Double")
        }
        return valueOfRoundedCode(code)
    }

    /// The code of a value of the format.
    ///
    /// - Throws: ``FormatError/notRepresentable(_:format:)`` unless `value` is a posit of the
    ///   format, zero, or NaN (NaR).
    public func encode(_ value: Double) throws(FormatError) -> UInt64 {
        let code = roundedCode(value)
        if value.isNaN { return code }
        guard value.isFinite, valueOfRoundedCode(code) == value else { throw .notRepresentable(value, format: name) }
        return code
    }
}
