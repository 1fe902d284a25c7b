/// An exact fixed-point sum of a few thousand bits whose least bit weighs
/// `2^lowestExponent`: the accumulator under the posit quire and ``ExactSum``.
///
/// Positive and negative terms are summed in two separate magnitudes (so that a negative
/// term never borrows through every word), and only the words touched so far are cleared,
/// compared or read: a sum of terms of similar magnitude costs a few words per term,
/// whatever the width.
///
/// Adding a value is exact as long as it is a multiple of `2^lowestExponent` and each
/// magnitude stays inside the words (the owners size them with 63 carry bits, room for 2^63
/// additions of their largest term).
struct FixedPointAccumulator: Sendable {
    /// Little-endian words of the sum of the positive terms' magnitudes.
    private var positive: [UInt64]
    /// Little-endian words of the sum of the negative terms' magnitudes.
    private var negative: [UInt64]
    /// The words that may be nonzero: `touched.lowerBound..<touched.upperBound` (empty when zero).
    private var touched: Range<Int> = 0..<0
    /// The weight of the least bit.
    let lowestExponent: Int

    /// Zero, with room for `valueBits` bits of magnitude and 63 carry bits (plus a sign).
    init(lowestExponent: Int, valueBits: Int) {
        self.lowestExponent = lowestExponent
        let count = (valueBits + 64 + 63) / 64
        positive = [UInt64](repeating: 0, count: count)
        negative = [UInt64](repeating: 0, count: count)
    }

    /// Bits of the accumulator (as a two's complement integer).
    var bitWidth: Int { positive.count * 64 }

    /// Back to zero.
    mutating func clear() {
        for i in touched {
            positive[i] = 0
            negative[i] = 0
        }
        touched = 0..<0
    }

    /// Whether the sum is exactly zero.
    var isZero: Bool { touched.allSatisfy { positive[$0] == negative[$0] } }

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
        let index = position / 64
        // The value spread over three words at most.
        let parts = (
            UInt64(truncatingIfNeeded: significand << shift),
            UInt64(truncatingIfNeeded: significand >> (64 - shift)),
            shift == 0 ? 0 : UInt64(truncatingIfNeeded: significand >> (128 - shift))
        )
        if x.negative {
            Self.add(parts, at: index, to: &negative, touched: &touched)
        } else {
            Self.add(parts, at: index, to: &positive, touched: &touched)
        }
    }

    /// Adds three words at `index` into `words`, carrying upward; widens `touched`.
    private static func add(
        _ parts: (UInt64, UInt64, UInt64), at start: Int, to words: inout [UInt64], touched: inout Range<Int>
    ) {
        let end = words.withUnsafeMutableBufferPointer { words in
            var index = start
            var carry: UInt64 = 0
            for k in 0..<3 {
                guard index < words.count else { return index }
                let part = k == 0 ? parts.0 : k == 1 ? parts.1 : parts.2
                let (a, o1) = words[index].addingReportingOverflow(part)
                let (b, o2) = a.addingReportingOverflow(carry)
                words[index] = b
                carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
                index += 1
            }
            while carry != 0 && index < words.count {
                let (b, o) = words[index].addingReportingOverflow(carry)
                words[index] = b
                carry = o ? 1 : 0
                index += 1
            }
            return index
        }
        touched = touched.isEmpty ? start..<end : min(touched.lowerBound, start)..<max(touched.upperBound, end)
    }

    /// Adds another accumulator of the same width and weight.
    mutating func add(_ other: FixedPointAccumulator) {
        precondition(other.positive.count == positive.count && other.lowestExponent == lowestExponent, "accumulators of different shapes")
        for i in other.touched {
            Self.add((other.positive[i], 0, 0), at: i, to: &positive, touched: &touched)
            Self.add((other.negative[i], 0, 0), at: i, to: &negative, touched: &touched)
        }
    }

    /// The sum as an exact value: its top 128 bits and a sticky bit for any set bit below
    /// them; nil for zero.
    var value: ExactValue? {
        // Which magnitude is larger, from the top touched word down.
        var isNegative = false
        var differs = false
        for i in touched.reversed() where positive[i] != negative[i] {
            isNegative = negative[i] > positive[i]
            differs = true
            break
        }
        guard differs else { return nil }
        // |sum| = larger - smaller over the touched words.
        let (larger, smaller) = isNegative ? (negative, positive) : (positive, negative)
        var magnitude = [UInt64](repeating: 0, count: touched.count)
        var borrow: UInt64 = 0
        for (k, i) in touched.enumerated() {
            let (a, o1) = larger[i].subtractingReportingOverflow(smaller[i])
            let (b, o2) = a.subtractingReportingOverflow(borrow)
            magnitude[k] = b
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
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
        let exponent = lowestKept + lowestExponent + touched.lowerBound * 64
        return ExactValue(negative: isNegative, significand: significand, exponent: exponent, sticky: sticky)
    }
}
