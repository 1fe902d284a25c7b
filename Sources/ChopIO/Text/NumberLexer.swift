#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Recognizes and reads the numbers of text files.
///
/// Values: decimal (`12`, `-3.5`, `.5e-3`), hexadecimal floating point (`0x1.8p3`), and
/// `inf`, `infinity`, `nan` in any case, each with an optional sign. Codes: unsigned decimal
/// or `0x` hexadecimal integers.
enum NumberLexer {
    /// Whether `token` (trimmed) is a value literal; `isInteger` when it is a plain decimal
    /// integer (so the output can keep that look).
    static func classifyValue(_ token: UnsafeRawBufferPointer) -> (isNumber: Bool, isInteger: Bool) {
        var index = 0
        let count = token.count
        func byte(_ i: Int) -> UInt8 { i < count ? token[i] : 0 }
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 97 && b | 0x20 <= 102) }
        if byte(0) == UInt8(ascii: "+") || byte(0) == UInt8(ascii: "-") { index = 1 }
        guard index < count else { return (false, false) }
        // Special values, in any case.
        if byte(index) | 0x20 == UInt8(ascii: "i") || byte(index) | 0x20 == UInt8(ascii: "n") {
            let length = count - index
            func matches(_ word: StaticString) -> Bool {
                guard word.utf8CodeUnitCount == length else { return false }
                return (0..<length).allSatisfy { token[index + $0] | 0x20 == word.utf8Start[$0] }
            }
            return (matches("inf") || matches("infinity") || matches("nan"), false)
        }
        if byte(index) == UInt8(ascii: "0") && byte(index + 1) | 0x20 == UInt8(ascii: "x") {
            index += 2
            var digits = 0
            while isHexDigit(byte(index)) { index += 1; digits += 1 }
            if byte(index) == UInt8(ascii: ".") {
                index += 1
                while isHexDigit(byte(index)) { index += 1; digits += 1 }
            }
            guard digits > 0 else { return (false, false) }
            if byte(index) | 0x20 == UInt8(ascii: "p") {
                index += 1
                if byte(index) == UInt8(ascii: "+") || byte(index) == UInt8(ascii: "-") { index += 1 }
                guard isDigit(byte(index)) else { return (false, false) }
                while isDigit(byte(index)) { index += 1 }
            }
            return (index == count, false)
        }
        var digits = 0
        var isInteger = true
        while isDigit(byte(index)) { index += 1; digits += 1 }
        if byte(index) == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            while isDigit(byte(index)) { index += 1; digits += 1 }
        }
        guard digits > 0 else { return (false, false) }
        if byte(index) | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index += 1
            if byte(index) == UInt8(ascii: "+") || byte(index) == UInt8(ascii: "-") { index += 1 }
            guard isDigit(byte(index)) else { return (false, false) }
            while isDigit(byte(index)) { index += 1 }
        }
        return (index == count, isInteger)
    }

    /// A code literal's value: unsigned decimal or `0x` hexadecimal, at most 64 bits.
    static func code(_ token: UnsafeRawBufferPointer) -> UInt64? {
        var index = 0
        var radix: UInt64 = 10
        if token.count > 2 && token[0] == UInt8(ascii: "0") && token[1] | 0x20 == UInt8(ascii: "x") {
            radix = 16
            index = 2
        }
        guard index < token.count else { return nil }
        var value: UInt64 = 0
        while index < token.count {
            let b = token[index] | (radix == 16 ? 0x20 : 0)
            let digit: UInt64
            if b >= 48 && b <= 57 {
                digit = UInt64(b - 48)
            } else if radix == 16 && b >= 97 && b <= 102 {
                digit = UInt64(b - 87)
            } else {
                return nil
            }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = sum
            index += 1
        }
        return value
    }

    /// The value of a literal (already classified as a number), rounded to nearest by the C
    /// library's correctly rounded `strtod`, or in `mode` (`FE_DOWNWARD`, `FE_UPWARD`).
    static func parse(_ token: UnsafeRawBufferPointer, roundingMode mode: Int32? = nil) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: token.count + 1) { buffer in
            for i in 0..<token.count { buffer[i] = CChar(bitPattern: token[i]) }
            buffer[token.count] = 0
            guard let mode else { return strtod(buffer.baseAddress!, nil) }
            let saved = fegetround()
            fesetround(mode)
            defer { fesetround(saved) }
            return strtod(buffer.baseAddress!, nil)
        }
    }

    /// The exact value of a decimal or hexadecimal literal as an unevaluated pair
    /// `head + tail` good enough to round it exactly once.
    ///
    /// `head` is the nearest double. Where the literal is not that double and `head` is a
    /// rounding boundary of the target format (a value or a midpoint, see
    /// `FloatFormat.isRoundingBoundary`), `tail` is a tiny double of the sign of the
    /// difference, so that every deterministic mode rounds the exact decimal. Literals
    /// beyond binary64's range become a pair whose sum overflows; literals below it are read
    /// as ±2^-1074 (the same rounding in every format whose least subnormal is above 2^-1074).
    /// A residual below a binary64 subnormal's half ulp cannot be held and is dropped.
    static func exactValue(
        _ token: UnsafeRawBufferPointer, isBoundary: (Double) -> Bool
    ) -> (head: Double, tail: Double) {
        let nearest = parse(token)
        if nearest.isNaN { return (nearest, 0) }
        if nearest.isInfinite {
            let rest = token.drop { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
            if rest.first.map({ $0 | 0x20 }) == UInt8(ascii: "i") { return (nearest, 0) }
            // A finite literal beyond binary64: the pair (max, ulp(max)) sums to 2^1024.
            let sign: Double = nearest < 0 ? -1 : 1
            return (sign * .greatestFiniteMagnitude, sign * Double.greatestFiniteMagnitude.ulp)
        }
        guard nearest == 0 || isBoundary(nearest) else { return (nearest, 0) }
        let below = parse(token, roundingMode: FE_DOWNWARD)
        let above = parse(token, roundingMode: FE_UPWARD)
        if below == above { return (nearest, 0) }
        if nearest == 0 {
            return (above > 0 ? .leastNonzeroMagnitude : -.leastNonzeroMagnitude, 0)
        }
        let tiny = nearest.ulp / 4
        return (nearest, below == nearest ? tiny : -tiny)
    }
}
