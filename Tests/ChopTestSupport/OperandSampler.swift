import ChopFormats

/// Seeded operands for arithmetic tests: random values of a format, values near another in
/// magnitude (so that sums cancel and round), its rounding boundaries (values and midpoints),
/// and doubles constructed so that an operation's exact result lies within an ulp of binary64
/// from a boundary, the cases the core's shortcuts must get right.
public struct OperandSampler {
    public let format: FloatFormat
    private var generator: Xoshiro256

    public init(format: FloatFormat, seed: UInt64) {
        self.format = format
        generator = Xoshiro256(seed: seed)
    }

    /// A random generator word.
    public mutating func word() -> UInt64 { generator.next() }

    /// A random finite value of the format (a uniformly random code).
    public mutating func value() -> Double {
        let mask: UInt64 = format.bitWidth == 64 ? .max : (1 << UInt64(format.bitWidth)) - 1
        while true {
            if let x = try? format.decode(generator.next() & mask), x.isFinite { return x }
        }
    }

    /// A value of the format whose magnitude is within `2^-(p+3)` to 4 times `|x|` (or a
    /// random value when that leaves the format's range), of either sign.
    public mutating func value(near x: Double) -> Double {
        let scale = Double(sign: .plus, exponent: Int(generator.next() % UInt64(format.precision + 5)) - format.precision - 3, significand: 1)
        let candidate = format.round(x * scale * Double.random(in: 1..<2, using: &generator))
        guard candidate.isFinite, candidate != 0 else { return value() }
        return generator.next() & 1 == 0 ? candidate : -candidate
    }

    /// A value of the format or the midpoint between a positive value and the next one up.
    public mutating func boundary() -> Double {
        let x = value()
        guard generator.next() & 1 == 0 else { return x }
        let next = format.round(x.magnitude.nextUp, .up)
        return next.isFinite ? (x.magnitude + next) / 2 : x
    }

    /// A random double of either sign, log-uniform over the format's finite range.
    public mutating func double() -> Double {
        let low = format.hasSubnormals ? format.minExponent - format.precision + 1 : format.minExponent
        let exponent = low + Int(generator.next() % UInt64(format.maxExponent - low + 1))
        let x = Double(sign: .plus, exponent: exponent, significand: Double.random(in: 1..<2, using: &generator))
        return generator.next() & 1 == 0 ? x : -x
    }
}
