/// The specialized path for the most common array rounding of all: `Float` data to bfloat16,
/// nearest-even, IEEE overflow. bfloat16 is binary32's top half, so the rounding is integer
/// arithmetic on the bit pattern: add `0x7FFF` plus the kept part's last bit, clear the low 16
/// bits. Why it is exact: the carry out of the low half is the round-to-nearest-even decision
/// (above half, or exactly half with an odd kept part), and a carry into the exponent is the
/// next binade's value — from the greatest finite value it gives the infinity's pattern, which
/// is IEEE overflow; subnormals and zeros are the same integer rounding on the same grid
/// (bfloat16 and binary32 share the exponent range). NaNs would carry into infinity, so they
/// are kept apart: a quiet NaN with the input's sign and top payload bits.
extension FloatRounder {
    /// Whether `Float` arrays may take the bit path.
    @inlinable
    var roundsFloatsByBFloat16Bits: Bool {
        mode == .toNearestOrEven && overflow == .infinity && format == .bfloat16
    }
}

/// `count` binary32 patterns from `source` rounded to bfloat16 into `destination` (which may be
/// `source`).
@inlinable
func roundBinary32BitsToBFloat16(_ source: UnsafePointer<UInt32>, _ destination: UnsafeMutablePointer<UInt32>, count: Int) {
    for i in 0..<count {
        let bits = source[i]
        // A NaN takes no increment (its top half stays) and gets the quiet bit: masks, not a
        // select, which costs three SSE2 instructions.
        let nan: UInt32 = bits & 0x7FFF_FFFF > 0x7F80_0000 ? 0xFFFF_FFFF : 0
        let increment = (0x7FFF &+ ((bits >> 16) & 1)) & ~nan
        destination[i] = ((bits &+ increment) & 0xFFFF_0000) | (nan & 0x0040_0000)
    }
}
