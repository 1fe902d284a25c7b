extension Posit {
    /// A value of a float format (exact in binary64), rounded once.
    public init<Other>(_ minifloat: Minifloat<Other>) { self.init(minifloat.doubleValue) }

    /// The integer part of the exact value, `(sign, magnitude)`, or nil for NaR; nil
    /// magnitude when it exceeds 128 bits.
    func integerPart() -> (negative: Bool, magnitude: UInt128?)? {
        guard let exact = Self.format.exactValue(ofCode: bitPattern) else { return nil }
        if exact.isZero || exact.exponent <= -128 { return (false, 0) }
        if exact.exponent < 0 { return (exact.negative, exact.significand >> -exact.exponent) }
        let bits = 128 - exact.significand.leadingZeroBitCount
        return (exact.negative, bits + exact.exponent > 128 ? nil : exact.significand << exact.exponent)
    }

    /// Whether the exact value is an integer.
    var isIntegral: Bool {
        guard let exact = Self.format.exactValue(ofCode: bitPattern) else { return false }
        return exact.isZero || exact.exponent >= 0 || exact.significand.trailingZeroBitCount >= -exact.exponent
    }
}

extension Minifloat {
    /// A posit rounded once from its exact value in the current context's mode (NaR gives
    /// NaN), not through a Double: `posit64` values of up to 60 bits round once.
    public init<P>(_ posit: Posit<P>) {
        let result: ExactResult
        if let exact = P.format.exactValue(ofCode: posit.bitPattern) {
            result = exact.isZero ? .zero(negative: false) : .finite(exact)
        } else {
            result = .notANumber(invalid: false)
        }
        self.init(storing: Format.arithmetic.perform(ExactConversionOperation(result)))
    }
}

extension BinaryInteger {
    /// A posit's exact value truncated toward zero, as `Int(Double)` does.
    ///
    /// - Precondition: the posit is not NaR and its integer part fits `Self` (and 128 bits).
    public init<P>(_ posit: Posit<P>) {
        guard let (negative, magnitude) = posit.integerPart() else { preconditionFailure("NaR has no integer value") }
        guard let magnitude, let value = Self(exactly: magnitude) else {
            preconditionFailure("\(posit) is outside \(Self.self)'s range")
        }
        if negative {
            guard magnitude <= UInt128(Int128.max), let negated = Self(exactly: -Int128(magnitude)) else {
                preconditionFailure("\(posit) is outside \(Self.self)'s range")
            }
            self = negated
        } else {
            self = value
        }
    }

    /// A posit's value if it is an integer that fits `Self`, else nil (nil for NaR).
    public init?<P>(exactly posit: Posit<P>) {
        guard posit.isIntegral, let (negative, magnitude) = posit.integerPart(), let magnitude,
            magnitude <= UInt128(Int128.max)
        else { return nil }
        guard let value = Self(exactly: negative ? -Int128(magnitude) : Int128(magnitude)) else { return nil }
        self = value
    }
}
