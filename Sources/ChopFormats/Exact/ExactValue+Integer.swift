extension ExactValue {
    /// The exact value of an integer of any width: its top 128 bits, and the sticky bit for
    /// any nonzero bit below them.
    @inlinable
    init<Integer: BinaryInteger>(integer: Integer) {
        let magnitude = integer.magnitude
        let negative = Integer.isSigned && integer < 0
        if let small = UInt64(exactly: magnitude) {
            self.init(negative: negative, significand: UInt128(small), exponent: 0)
            return
        }
        // Little-endian words; keep the 128 bits from the highest set bit down.
        let words = Array(magnitude.words)
        var top = words.count - 1
        while top > 0 && words[top] == 0 { top -= 1 }
        let wordBits = UInt.bitWidth
        let highestBit = top * wordBits + (wordBits - 1 - words[top].leadingZeroBitCount)
        let lowestKept = max(0, highestBit - 127)
        var significand: UInt128 = 0
        var sticky = false
        for (index, word) in words.enumerated() {
            for bit in 0..<wordBits where word >> UInt(bit) & 1 != 0 {
                let position = index * wordBits + bit
                if position >= lowestKept {
                    significand |= UInt128(1) << (position - lowestKept)
                } else {
                    sticky = true
                }
            }
        }
        // A sticky bit comes with a 128-bit significand, as ExactValue's invariant asks.
        self.init(negative: negative, significand: significand, exponent: lowestKept, sticky: sticky)
    }
}

extension ExactResult {
    /// An integer's value.
    @inlinable
    static func integer<Integer: BinaryInteger>(_ n: Integer) -> ExactResult {
        n == 0 ? .zero(negative: false) : .finite(ExactValue(integer: n))
    }
}

/// An integer's value rounded: a conversion.
@frozen @usableFromInline
struct IntegerConversionOperation<Integer: BinaryInteger>: ArithmeticOperation {
    @usableFromInline let n: Integer

    @inlinable init(_ n: Integer) { self.n = n }

    @inlinable
    func exactResult(roundingTowardNegative: Bool) -> ExactResult { .integer(n) }

    /// Integers of magnitude up to 2^53 are doubles.
    @inlinable @inline(__always)
    func fastResult<G: BracketGeometry, R: RoundingRule>(
        _ kernel: RoundingKernel<G, R>, randomWord: UInt64, facts: OperandFacts
    ) -> Double? {
        guard let small = Int64(exactly: n), small.magnitude <= 1 << 53 else { return nil }
        return kernel.round(Double(small), randomWord: randomWord)
    }
}
