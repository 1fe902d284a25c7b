/// A two's complement fixed-point integer of a few thousand bits whose least bit weighs
/// `2^lowestExponent`: the exact accumulator under the posit quire and ``ExactSum``.
///
/// Adding a value is exact as long as it is a multiple of `2^lowestExponent` and the running
/// sum stays inside the words (the owners size them with 63 carry bits, room for 2^63
/// additions of their largest term).
struct FixedPointAccumulator: Sendable {
    /// Little-endian words of the two's complement integer.
    private var words: [UInt64]
    /// The weight of the least bit.
    let lowestExponent: Int

    /// Zero, with room for `valueBits` bits of magnitude, 63 carry bits and a sign.
    init(lowestExponent: Int, valueBits: Int) {
        self.lowestExponent = lowestExponent
        words = [UInt64](repeating: 0, count: (valueBits + 64 + 63) / 64)
    }

    /// Bits of the integer.
    var bitWidth: Int { words.count * 64 }

    /// Back to zero.
    mutating func clear() {
        for i in words.indices { words[i] = 0 }
    }

    /// Whether the sum is exactly zero.
    var isZero: Bool { words.allSatisfy { $0 == 0 } }

    /// Adds `x`, an exact value without sticky bit.
    ///
    /// - Precondition: `x` is a multiple of `2^lowestExponent`.
    mutating func add(_ x: ExactValue) {
        guard x.significand != 0 else { return }
        var position = x.exponent - lowestExponent
        var significand = x.significand
        if position < 0 {
            precondition(significand.trailingZeroBitCount >= -position, "a term finer than the accumulator's least bit")
            significand >>= -position
            position = 0
        }
        let shift = position % 64
        var index = position / 64
        // The value spread over three words at most.
        let parts = (
            UInt64(truncatingIfNeeded: significand << shift),
            UInt64(truncatingIfNeeded: significand >> (64 - shift)),
            shift == 0 ? 0 : UInt64(truncatingIfNeeded: significand >> (128 - shift))
        )
        var carry: UInt64 = 0
        for part in [parts.0, parts.1, parts.2] {
            guard index < words.count else { return }
            carry = step(index, part, carry, subtracting: x.negative)
            index += 1
        }
        while carry != 0 && index < words.count {
            carry = step(index, 0, carry, subtracting: x.negative)
            index += 1
        }
    }

    /// Adds another accumulator of the same width and weight.
    mutating func add(_ other: FixedPointAccumulator) {
        precondition(other.words.count == words.count && other.lowestExponent == lowestExponent, "accumulators of different shapes")
        var carry: UInt64 = 0
        for index in words.indices {
            carry = step(index, other.words[index], carry, subtracting: false)
        }
    }

    /// `words[index] ± (part + carry)`, returning the carry (or borrow) out.
    private mutating func step(_ index: Int, _ part: UInt64, _ carry: UInt64, subtracting: Bool) -> UInt64 {
        if subtracting {
            let (a, o1) = words[index].subtractingReportingOverflow(part)
            let (b, o2) = a.subtractingReportingOverflow(carry)
            words[index] = b
            return (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        let (a, o1) = words[index].addingReportingOverflow(part)
        let (b, o2) = a.addingReportingOverflow(carry)
        words[index] = b
        return (o1 ? 1 : 0) + (o2 ? 1 : 0)
    }

    /// The sum as an exact value: its top 128 bits and a sticky bit for any set bit below
    /// them; nil for zero.
    var value: ExactValue? {
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
        guard let top = magnitude.lastIndex(where: { $0 != 0 }) else { return nil }
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
        // Values below 2^128 are shifted up whole (no sticky then); a sticky value has a
        // 128-bit significand, as ExactValue requires.
        return ExactValue(negative: negative, significand: significand, exponent: lowestKept + lowestExponent, sticky: sticky)
    }
}
