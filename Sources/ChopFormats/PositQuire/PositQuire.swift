/// An exact accumulator of posit products: the standard's quire, generalized to any posit
/// format. Sums of products are kept exactly and rounded once, by ``roundedCode()``.
///
/// ```swift
/// var quire = PositQuire(format: .posit16)
/// for (a, b) in zip(x, y) { quire.addProduct(a, b) }   // codes; exact, whatever the order
/// let dot = quire.roundedCode()                          // rounded once
/// ```
///
/// The width: every posit value is a multiple of minpos = 2^-maxScale and below 2^(maxScale+1),
/// so every product is a multiple of 2^(-2·maxScale) below 2^(2·maxScale+1); the quire is a
/// two's complement fixed-point integer of `4·maxScale + 1` value bits, 63 carry bits and a
/// sign (posit8: 161 bits in 3 words, posit16: 289 in 5, posit32: 545 in 9, posit64: 1057
/// in 17), which holds the sum of up to 2^63 products exactly. A NaR added to it makes it
/// NaR until ``clear()``.
public struct PositQuire: Sendable {
    public let format: PositFormat
    /// The fixed-point sum; its least bit weighs 2^(-2·maxScale).
    private var accumulator: FixedPointAccumulator
    /// Whether a NaR was added.
    public private(set) var isNaR = false

    public init(format: PositFormat) {
        self.format = format
        accumulator = FixedPointAccumulator(lowestExponent: -2 * format.maxScale, valueBits: 4 * format.maxScale + 1)
    }

    /// Bits of the accumulator.
    public var bitWidth: Int { accumulator.bitWidth }

    /// Back to zero (and not NaR).
    public mutating func clear() {
        accumulator.clear()
        isNaR = false
    }

    /// Adds a posit (a code of ``format``).
    public mutating func add(_ code: UInt64) {
        guard let x = format.exactValue(ofCode: code) else { return isNaR = true }
        accumulator.add(x)
    }

    /// Adds the exact product of two posits.
    public mutating func addProduct(_ a: UInt64, _ b: UInt64) {
        guard let x = format.exactValue(ofCode: a), let y = format.exactValue(ofCode: b) else { return isNaR = true }
        accumulator.add(ExactValue.product(x, y))
    }

    /// Subtracts the exact product of two posits.
    public mutating func subtractProduct(_ a: UInt64, _ b: UInt64) { addProduct(format.negation(a), b) }

    /// The sum so far rounded once to ``format``: NaR if a NaR was added, zero for zero.
    public func roundedCode() -> UInt64 {
        if isNaR { return format.notARealCode }
        guard let value = accumulator.value else { return 0 }
        return format.code(of: value)
    }
}

extension PositFormat {
    /// `Σ a[i]·b[i]` rounded once (the standard's fused dot product), through a quire.
    ///
    /// - Precondition: `a.count == b.count`.
    public func fusedDotProduct(_ a: [UInt64], _ b: [UInt64]) -> UInt64 {
        precondition(a.count == b.count, "the vectors must have the same length")
        var quire = PositQuire(format: self)
        for (x, y) in zip(a, b) { quire.addProduct(x, y) }
        return quire.roundedCode()
    }

    /// `Σ a[i]` rounded once (the standard's fused sum), through a quire.
    public func fusedSum(_ a: [UInt64]) -> UInt64 {
        var quire = PositQuire(format: self)
        for x in a { quire.add(x) }
        return quire.roundedCode()
    }
}
