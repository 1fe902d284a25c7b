/// Packs codes of `width` bits (1...8) into bytes as hardware stores FP4, FP6 and 8-bit
/// elements: a little-endian bit stream, code `i` at bits `i·width ..< (i+1)·width`, so two
/// FP4 codes share a byte (the first in the low nibble) and four FP6 codes fill three bytes.
public enum BitPacking {
    /// The packed bytes of `codes` (each below `2^width`); the last byte is padded with zeros.
    ///
    /// - Precondition: `1 ≤ width ≤ 8` and every code fits `width` bits.
    public static func pack(_ codes: [UInt8], width: Int) -> [UInt8] {
        precondition((1...8).contains(width), "width \(width) is outside 1...8")
        if width == 8 { return codes }
        var bytes = [UInt8](repeating: 0, count: (codes.count * width + 7) / 8)
        for (index, code) in codes.enumerated() {
            precondition(Int(code) >> width == 0, "code \(code) does not fit \(width) bits")
            let bit = index * width
            let (byte, shift) = (bit / 8, bit % 8)
            bytes[byte] |= UInt8(truncatingIfNeeded: Int(code) << shift)
            if shift + width > 8 { bytes[byte + 1] |= UInt8(truncatingIfNeeded: Int(code) >> (8 - shift)) }
        }
        return bytes
    }

    /// The first `count` codes of `width` bits in `bytes`.
    ///
    /// - Precondition: `bytes` holds at least `count · width` bits.
    public static func unpack(_ bytes: [UInt8], width: Int, count: Int) -> [UInt8] {
        precondition((1...8).contains(width) && bytes.count * 8 >= count * width, "too few bytes")
        if width == 8 { return Array(bytes.prefix(count)) }
        let mask = (1 << width) - 1
        return (0..<count).map { index in
            let bit = index * width
            let (byte, shift) = (bit / 8, bit % 8)
            var word = Int(bytes[byte]) >> shift
            if shift + width > 8 { word |= Int(bytes[byte + 1]) << (8 - shift) }
            return UInt8(word & mask)
        }
    }
}
