import ChopFormats

/// An independent reference for posits, written from the standard's definition with bit
/// strings and exact integer comparisons: decoding reads a pattern character by character,
/// and rounding finds the neighbours by bisection over the codes and compares with the tie
/// point, the value of the `(n+1)`-bit pattern made by appending a 1 to the lower one.
public enum PositReference {
    /// A positive real `significand · 2^exponent`, exactly.
    public struct Exact: Equatable, Sendable {
        public var significand: UInt128
        public var exponent: Int

        /// The exact value of a positive finite double.
        public init(_ x: Double) {
            precondition(x > 0 && x.isFinite)
            significand = UInt128(x.significandBitPattern) | (x.isNormal ? UInt128(1) << 52 : 0)
            exponent = (x.isNormal ? Int(x.exponent) : -1022) - 52
        }

        init(significand: UInt128, exponent: Int) {
            self.significand = significand
            self.exponent = exponent
        }

        var top: Int { exponent + 127 - significand.leadingZeroBitCount }

        /// -1, 0 or 1 as `self` is below, at or above `other`.
        public func compare(_ other: Exact) -> Int {
            if top != other.top { return top < other.top ? -1 : 1 }
            // Same leading position: align the (at most 66-bit) significands at the smaller exponent.
            let low = min(exponent, other.exponent)
            let a = significand << (exponent - low)
            let b = other.significand << (other.exponent - low)
            return a == b ? 0 : (a < b ? -1 : 1)
        }

        /// The value as a double when it is one.
        public var double: Double? {
            let bits = 128 - significand.leadingZeroBitCount - significand.trailingZeroBitCount
            guard bits <= 53 else { return nil }
            return Double(sign: .plus, exponent: exponent, significand: Double(significand))
        }
    }

    /// The value of a positive code (1 ..< 2^(n-1)) of posit(n, es), from its bit string.
    public static func positiveValue(_ code: UInt64, n: Int, es: Int) -> Exact {
        let pattern = (0..<(n - 1)).reversed().map { (code >> UInt64($0)) & 1 == 1 ? "1" : "0" }
        var rest = pattern[...]
        let first = rest.first!
        var run = 0
        while rest.first == first {
            run += 1
            rest = rest.dropFirst()
        }
        rest = rest.dropFirst()  // the terminating bit, if any
        let k = first == "1" ? run - 1 : -run
        var e = 0
        for _ in 0..<es {
            e = 2 * e + (rest.first == "1" ? 1 : 0)  // missing exponent bits are 0
            rest = rest.dropFirst()
        }
        var significand: UInt128 = 1
        for bit in rest { significand = 2 * significand + (bit == "1" ? 1 : 0) }
        return Exact(significand: significand, exponent: k * (1 << es) + e - rest.count)
    }

    /// The standard's rounding of a nonzero finite double to posit(n, es), as a code.
    public static func roundedCode(_ x: Double, n: Int, es: Int) -> UInt64 {
        precondition(x != 0 && x.isFinite)
        let target = Exact(x.magnitude)
        let maxCode = (UInt64(1) << UInt64(n - 1)) - 1
        var positive: UInt64
        if target.compare(positiveValue(maxCode, n: n, es: es)) >= 0 {
            positive = maxCode
        } else if target.compare(positiveValue(1, n: n, es: es)) <= 0 {
            positive = 1
        } else {
            // The largest code whose value is at most the target.
            var (low, high) = (UInt64(1), maxCode)  // value(low) <= target < value(high)
            while high - low > 1 {
                let middle = low + (high - low) / 2
                if positiveValue(middle, n: n, es: es).compare(target) <= 0 { low = middle } else { high = middle }
            }
            positive = low
            if positiveValue(low, n: n, es: es).compare(target) != 0 {
                let tie = positiveValue(low << 1 | 1, n: n + 1, es: es)
                let side = target.compare(tie)
                if side > 0 || (side == 0 && low & 1 == 1) { positive = high }
            }
        }
        let mask: UInt64 = n == 64 ? .max : (1 << UInt64(n)) - 1
        return x < 0 ? (0 &- positive) & mask : positive
    }
}
