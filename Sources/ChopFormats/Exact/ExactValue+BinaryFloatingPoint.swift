extension ExactResult {
    /// The value of a binary floating-point number of any type, built from its significand
    /// and exponent (never through `Double`, which would round a `Float80` first).
    @inlinable
    static func floatingPoint<Source: BinaryFloatingPoint>(_ x: Source) -> ExactResult {
        if x.isNaN { return .notANumber(invalid: false) }
        if x.isInfinite { return .infinity(negative: x.sign == .minus, divisionByZero: false) }
        if x.isZero { return .zero(negative: x.sign == .minus) }
        // x = M · 2^(e - significandBitCount): M the significand with its leading bit.
        let width = Source.significandBitCount
        let leading: Source.RawSignificand = x.isNormal ? 1 << width : 0
        let integer = ExactValue(integer: x.significandBitPattern | leading)
        let exponent = x.isNormal ? Int(x.exponent) : Int(Source.leastNormalMagnitude.exponent)
        var value = integer
        value.exponent += exponent - width
        value.negative = x.sign == .minus
        return .finite(value)
    }
}

/// A binary floating-point number of any type rounded: a conversion. Types whose values are
/// all doubles (Float, Float16, the formats of this package) take the fast path.
@frozen @usableFromInline
struct FloatingPointConversionOperation<Source: BinaryFloatingPoint>: ArithmeticOperation {
    @usableFromInline let x: Source

    @inlinable init(_ x: Source) { self.x = x }

    @inlinable
    func exactResult(roundingTowardNegative: Bool) -> ExactResult { .floatingPoint(x) }

    @inlinable @inline(__always)
    func fastResult<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, randomWord: UInt64, facts: OperandFacts
    ) -> Double? {
        guard Source.significandBitCount <= 52 && Source.exponentBitCount <= 11 else { return nil }
        return kernel.round(Double(x), randomWord: randomWord)
    }
}

/// An exact result built elsewhere, rounded: it has no fast path.
@frozen @usableFromInline
struct ExactConversionOperation: ArithmeticOperation {
    @usableFromInline let result: ExactResult

    @inlinable init(_ result: ExactResult) { self.result = result }

    @inlinable
    func exactResult(roundingTowardNegative: Bool) -> ExactResult { result }

    @inlinable
    func fastResult<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, randomWord: UInt64, facts: OperandFacts
    ) -> Double? { nil }
}
