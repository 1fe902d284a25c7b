/// How numbers are written into text.
enum NumberFormatting {
    /// The shortest text that reads back as `value` (`0.1`, `448.0`, `1e-05`, `nan`, `-inf`);
    /// an integral value read from an integer literal keeps that look (`288`, `-0`). NaN is
    /// always `nan`, whatever its sign bit.
    static func value(_ value: Double, integerLike: Bool = false) -> String {
        if value.isNaN { return "nan" }
        if integerLike && value.isFinite && value == value.rounded(.towardZero) && value.magnitude < 0x1p53 {
            if value == 0 { return value.sign == .minus ? "-0" : "0" }
            return String(Int64(value))
        }
        return "\(value)"
    }

    /// A code in hexadecimal, padded to the format's width: `0x7e`, `0x3c00`, `0x7`.
    static func code(_ code: UInt64, bitWidth: Int) -> String {
        let digits = String(code, radix: 16)
        let width = (bitWidth + 3) / 4
        return "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
