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

        public init(significand: UInt128, exponent: Int) {
            self.significand = significand
            self.exponent = exponent
        }

        public var top: Int { exponent + 127 - significand.leadingZeroBitCount }

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

    /// The standard's rounding of a nonzero finite double to posit(n, es), as a code; with
    /// another deterministic `mode`, the package's extension (below).
    public static func roundedCode(_ x: Double, n: Int, es: Int, mode: RoundingMode = .toNearestOrEven) -> UInt64 {
        precondition(x != 0 && x.isFinite)
        let target = Exact(x.magnitude)
        return roundedCode(negative: x < 0, n: n, es: es, mode: mode) { $0.compare(target) }
    }

    /// The standard's rounding of a nonzero real known only through `compare(v)`, the sign
    /// of `v - |x|` for a positive exact `v` (so quotients and roots are rounded by exact
    /// products, without computing them).
    ///
    /// Other deterministic modes, as the package extends the standard: at or beyond maxpos
    /// every mode gives maxpos and at or below minpos minpos (never NaR, never zero); between
    /// neighbours `low < |x| < high` toward zero gives `low`, away from zero `high`, up and
    /// down by the sign, odd whichever code is odd, nearest-away `high` from the tie point on.
    public static func roundedCode(
        negative: Bool, n: Int, es: Int, mode: RoundingMode = .toNearestOrEven, compare: (Exact) -> Int
    ) -> UInt64 {
        // The tables of n and n + 1 bits, fetched once (each fetch takes a lock).
        let (narrow, wide) = (n <= 18 ? table(n: n, es: es) : nil, n + 1 <= 18 ? table(n: n + 1, es: es) : nil)
        let value = { (code: UInt64, bits: Int) -> Exact in
            if let table = bits == n ? narrow : wide { return table[Int(code)] }
            return positiveValue(code, n: bits, es: es)
        }
        let maxCode = (UInt64(1) << UInt64(n - 1)) - 1
        var positive: UInt64
        if compare(value(maxCode, n)) <= 0 {
            positive = maxCode
        } else if compare(value(1, n)) >= 0 {
            positive = 1
        } else {
            // The largest code whose value is at most |x|.
            var (low, high) = (UInt64(1), maxCode)  // value(low) <= |x| < value(high)
            while high - low > 1 {
                let middle = low + (high - low) / 2
                if compare(value(middle, n)) <= 0 { low = middle } else { high = middle }
            }
            positive = low
            if compare(value(low, n)) != 0 {
                let side = -compare(value(low << 1 | 1, n + 1))  // |x| against the tie point
                let away: Bool
                switch mode {
                case .toNearestOrEven: away = side > 0 || (side == 0 && low & 1 == 1)
                case .toNearestOrAwayFromZero: away = side >= 0
                case .towardZero: away = false
                case .awayFromZero: away = true
                case .up: away = !negative
                case .down: away = negative
                case .toOdd: away = low & 1 == 0
                case .stochastic, .stochasticEqual: preconditionFailure("the reference is deterministic")
                }
                if away { positive = high }
            }
        }
        let mask: UInt64 = n == 64 ? .max : (1 << UInt64(n)) - 1
        return negative ? (0 &- positive) & mask : positive
    }

    /// ``positiveValue(_:n:es:)`` from a table for n ≤ 18 (built once per format).
    static func cachedValue(_ code: UInt64, n: Int, es: Int) -> Exact {
        guard n <= 18 else { return positiveValue(code, n: n, es: es) }
        return table(n: n, es: es)[Int(code)]
    }

    private static let tables = Mutex<[Int: [Exact]]>([:])

    private static func table(n: Int, es: Int) -> [Exact] {
        let key = n * 100 + es
        if let table = tables.withLock({ $0[key] }) { return table }
        let table = [Exact(significand: 0, exponent: 0)]
            + (1..<(UInt64(1) << UInt64(n - 1))).map { positiveValue($0, n: n, es: es) }
        tables.withLock { $0[key] = table }
        return table
    }

    /// A signed exact value: `±significand · 2^exponent`.
    public typealias Signed = (negative: Bool, magnitude: Exact)

    /// The value of a code of posit(n, es): nil for NaR.
    public static func signedValue(_ code: UInt64, n: Int, es: Int) -> Signed? {
        let half = UInt64(1) << UInt64(n - 1)
        if code == half { return nil }
        if code == 0 { return (false, Exact(significand: 0, exponent: 0)) }
        let negative = code & half != 0
        let positive = negative ? (0 &- code) & (half | (half - 1)) : code
        return (negative, cachedValue(positive, n: n, es: es))
    }

    /// `a · b` exactly.
    public static func product(_ a: Signed, _ b: Signed) -> Signed {
        (a.negative != b.negative, Exact(significand: a.magnitude.significand * b.magnitude.significand, exponent: a.magnitude.exponent + b.magnitude.exponent))
    }

    /// `a + b` exactly (the two may be at most about 120 bits apart: small formats).
    public static func sum(_ a: Signed, _ b: Signed) -> Signed {
        if a.magnitude.significand == 0 { return b }
        if b.magnitude.significand == 0 { return a }
        let low = min(a.magnitude.exponent, b.magnitude.exponent)
        let x = Int128(a.magnitude.significand << (a.magnitude.exponent - low)) * (a.negative ? -1 : 1)
        let y = Int128(b.magnitude.significand << (b.magnitude.exponent - low)) * (b.negative ? -1 : 1)
        let total = x + y
        return (total < 0, Exact(significand: UInt128(total.magnitude), exponent: low))
    }

    /// The standard's rounding (or `mode`'s) of an exact signed value; 0 for zero.
    public static func roundedCode(_ x: Signed, n: Int, es: Int, mode: RoundingMode = .toNearestOrEven) -> UInt64 {
        guard x.magnitude.significand != 0 else { return 0 }
        return roundedCode(negative: x.negative, n: n, es: es, mode: mode) { $0.compare(x.magnitude) }
    }
}

import Synchronization
