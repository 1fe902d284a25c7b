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
    /// Little-endian words of the two's complement integer; its least bit weighs 2^lowestExponent.
    private var words: [UInt64]
    /// Whether a NaR was added.
    public private(set) var isNaR = false

    /// The weight of the least bit: `2^(-2·maxScale)`.
    var lowestExponent: Int { -2 * format.maxScale }

    public init(format: PositFormat) {
        self.format = format
        words = [UInt64](repeating: 0, count: (4 * format.maxScale + 65 + 63) / 64)
    }

    /// Bits of the accumulator.
    public var bitWidth: Int { words.count * 64 }

    /// Back to zero (and not NaR).
    public mutating func clear() {
        for i in words.indices { words[i] = 0 }
        isNaR = false
    }

    /// Adds a posit (a code of ``format``).
    public mutating func add(_ code: UInt64) {
        guard let x = format.exactValue(ofCode: code) else { return isNaR = true }
        accumulate(x)
    }

    /// Adds the exact product of two posits.
    public mutating func addProduct(_ a: UInt64, _ b: UInt64) {
        guard let x = format.exactValue(ofCode: a), let y = format.exactValue(ofCode: b) else { return isNaR = true }
        accumulate(ExactValue.product(x, y))
    }

    /// Subtracts the exact product of two posits.
    public mutating func subtractProduct(_ a: UInt64, _ b: UInt64) { addProduct(format.negation(a), b) }

    /// The sum so far rounded once to ``format``: NaR if a NaR was added, zero for zero.
    public func roundedCode() -> UInt64 {
        if isNaR { return format.notARealCode }
        let negative = words.last! >> 63 != 0
        var magnitude = words
        if negative {
            // Two's complement negation.
            var carry: UInt64 = 1
            for i in magnitude.indices {
                let (sum, overflow) = (~magnitude[i]).addingReportingOverflow(carry)
                magnitude[i] = sum
                carry = overflow ? 1 : 0
            }
        }
        guard let top = magnitude.lastIndex(where: { $0 != 0 }) else { return 0 }
        // The 128 bits from the highest set bit down, and whether any bit below is set.
        let highest = top * 64 + 63 - magnitude[top].leadingZeroBitCount
        let lowestKept = highest - 127
        var significand: UInt128 = 0
        var sticky = false
        for (index, word) in magnitude.enumerated() where word != 0 {
            let position = index * 64 - lowestKept  // where this word's bit 0 lands
            if position >= 0 {
                significand |= UInt128(word) << position
            } else if position > -64 {
                significand |= UInt128(word >> UInt64(-position))
                sticky = sticky || word & ((1 << UInt64(-position)) - 1) != 0
            } else {
                sticky = true
            }
        }
        // Values below 2^128 are shifted up whole (no sticky then).
        let value = ExactValue(negative: negative, significand: significand, exponent: lowestKept + lowestExponent, sticky: sticky)
        return format.code(of: value)
    }

    /// Adds an exact value without a sticky bit that is a multiple of 2^lowestExponent.
    private mutating func accumulate(_ x: ExactValue) {
        guard x.significand != 0 else { return }
        var position = x.exponent - lowestExponent
        var significand = x.significand
        if position < 0 {
            // Only zero low bits sit below the quire's least bit (see the width above).
            precondition(significand.trailingZeroBitCount >= -position, "a product finer than minpos²")
            significand >>= -position
            position = 0
        }
        let shift = position % 64
        var index = position / 64
        // The value spread over three words at most.
        let parts = [
            UInt64(truncatingIfNeeded: significand << shift),
            UInt64(truncatingIfNeeded: significand >> (64 - shift)),
            shift == 0 ? 0 : UInt64(truncatingIfNeeded: significand >> (128 - shift)),
        ]
        var carry: UInt64 = 0
        for part in parts {
            guard index < words.count else { break }
            if x.negative {
                let (a, o1) = words[index].subtractingReportingOverflow(part)
                let (b, o2) = a.subtractingReportingOverflow(carry)
                words[index] = b
                carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
            } else {
                let (a, o1) = words[index].addingReportingOverflow(part)
                let (b, o2) = a.addingReportingOverflow(carry)
                words[index] = b
                carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
            }
            index += 1
        }
        while carry != 0 && index < words.count {
            if x.negative {
                let (b, o) = words[index].subtractingReportingOverflow(carry)
                words[index] = b
                carry = o ? 1 : 0
            } else {
                let (b, o) = words[index].addingReportingOverflow(carry)
                words[index] = b
                carry = o ? 1 : 0
            }
            index += 1
        }
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
